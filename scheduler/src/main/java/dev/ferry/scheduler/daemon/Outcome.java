package dev.ferry.scheduler.daemon;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run of a job came to.
 *
 * @param snapshot the snapshot it took, if any
 * @param bytes    stream bytes sent to targets (zstd-compressed, as written)
 * @param errors   one line each
 */
public record Outcome(Result result, Optional<String> snapshot, long bytes, List<String> errors) {
    public Outcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(snapshot, "snapshot");
        errors = List.copyOf(errors);
    }

    public static Outcome skipped(String why) {
        return new Outcome(Result.SKIPPED, Optional.empty(), 0, List.of(why));
    }

    /** A run's result, as history, status and metrics name it. */
    public enum Result {
        RUNNING, DONE, PARTLY_DONE, FAILED, ABORTED, SKIPPED;

        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Result of(String word) {
            return valueOf(word.toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        /** Done, or partly done: something was backed up. */
        public boolean success() {
            return this == DONE;
        }

        public boolean failure() {
            return this == FAILED || this == PARTLY_DONE || this == ABORTED;
        }
    }
}
