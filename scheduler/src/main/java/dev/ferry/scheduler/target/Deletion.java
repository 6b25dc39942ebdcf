package dev.ferry.scheduler.target;

import java.util.Objects;

/** What came of asking a target to delete a backup. */
public sealed interface Deletion {
    String name();

    /** The backup is gone. */
    record Deleted(String name) implements Deletion {
        public Deleted {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * The target kept the backup because deleting it would break another, e.g. a stream file
     * that a kept incremental stream is based on.
     */
    record Refused(String name, String why) implements Deletion {
        public Refused {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(why, "why");
        }
    }
}
