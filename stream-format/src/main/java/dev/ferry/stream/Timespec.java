package dev.ferry.stream;

import java.time.Instant;

/**
 * A btrfs_timespec: signed seconds since the epoch and unsigned nanoseconds (u32 on the wire).
 * Nanoseconds are kept as a long so that every u32 a stream may carry survives a round trip.
 */
public record Timespec(long seconds, long nanos) {
    public Timespec {
        if (nanos < 0 || nanos > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("nanoseconds out of u32 range: " + nanos);
        }
    }

    public static Timespec of(Instant instant) {
        return new Timespec(instant.getEpochSecond(), instant.getNano());
    }

    /** The instant, when the nanoseconds are a valid fraction of a second. */
    public Instant toInstant() {
        return Instant.ofEpochSecond(seconds, nanos);
    }
}
