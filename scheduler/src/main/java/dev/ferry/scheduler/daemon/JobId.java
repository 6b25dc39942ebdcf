package dev.ferry.scheduler.daemon;

import java.util.Objects;
import java.util.Optional;

/**
 * One schedule of the daemon: a kind of job on a volume, for a backup optionally to one target.
 * {@link #toString()} ({@code home backup}, {@code home backup -> /mnt/usb/ferry}) names its
 * Quartz trigger, its history and its metrics.
 */
public record JobId(String volume, JobKind kind, Optional<String> target) implements Comparable<JobId> {
    public JobId {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        if (target.isPresent() && kind != JobKind.BACKUP) {
            throw new IllegalArgumentException("only backups have a schedule per target");
        }
    }

    public static JobId of(String volume, JobKind kind) {
        return new JobId(volume, kind, Optional.empty());
    }

    @Override
    public String toString() {
        return volume + " " + kind.word() + target.map(t -> " -> " + t).orElse("");
    }

    @Override
    public int compareTo(JobId o) {
        return toString().compareTo(o.toString());
    }
}
