package dev.ferry.retention;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot or backup as retention sees it: its name (unique within one evaluated history) and
 * the instant it was taken.
 */
public record Snapshot(String name, Instant time) {
    public Snapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(time, "time");
    }

    @Override
    public String toString() {
        return name + "@" + time;
    }
}
