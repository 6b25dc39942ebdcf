package dev.ferry.receive;

import java.time.Instant;
import java.util.Objects;

/** The subvolume root's atime and mtime that a receive puts back at its end. */
record RootTimes(Instant atime, Instant mtime) {
    RootTimes {
        Objects.requireNonNull(atime, "atime");
        Objects.requireNonNull(mtime, "mtime");
    }
}
