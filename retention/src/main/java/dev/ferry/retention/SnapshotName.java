package dev.ferry.retention;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot name read by a {@link NamingScheme}.
 *
 * @param name the whole name, as found on disk
 * @param volume the volume part before the timestamp; empty for Samba's {@code @GMT-} names,
 *     which carry none (the directory they are in says which share they belong to)
 * @param time when the snapshot was taken, to the resolution of the scheme
 * @param sequence the collision suffix {@code _N}, 0 when there is none
 */
public record SnapshotName(String name, String volume, Instant time, int sequence) {
    public SnapshotName {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(time, "time");
        if (sequence < 0) {
            throw new IllegalArgumentException("negative sequence: " + sequence);
        }
    }

    /** This name as retention's input. */
    public Snapshot toSnapshot() {
        return new Snapshot(name, time);
    }
}
