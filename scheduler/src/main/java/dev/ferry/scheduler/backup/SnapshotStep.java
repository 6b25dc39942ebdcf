package dev.ferry.scheduler.backup;

import java.util.Objects;

/** What became of snapshotting the source at the start of a backup. */
public sealed interface SnapshotStep {
    /** The snapshot that is sent to the targets. */
    String name();

    /** A new read-only snapshot was taken. */
    record Taken(String name) implements SnapshotStep {
        public Taken {
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code --if-changed}: the source is unchanged since its newest snapshot, which is sent instead. */
    record Unchanged(String name) implements SnapshotStep {
        public Unchanged {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A dry run: the snapshot that would be taken. */
    record WouldTake(String name) implements SnapshotStep {
        public WouldTake {
            Objects.requireNonNull(name, "name");
        }
    }
}
