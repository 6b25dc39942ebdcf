package dev.ferry.scheduler.backup;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What became of sending a volume's newest snapshot to one target. */
public sealed interface Transfer {

    /** The snapshot that was (or would be) sent. */
    String snapshot();

    /**
     * Sent and committed.
     *
     * @param parent       the {@code -p} snapshot; empty for a full send
     * @param cloneSources the {@code -c} snapshots besides the parent
     * @param bytes        stream bytes as written to the target (zstd-compressed); when resumed, only
     *                     what this run sent
     * @param resumed      whether this run continued an interrupted receive the target had kept
     */
    record Sent(String snapshot, Optional<String> parent, List<String> cloneSources, long bytes, Duration duration,
                boolean resumed) implements Transfer {
        public Sent {
            Objects.requireNonNull(snapshot, "snapshot");
            Objects.requireNonNull(parent, "parent");
            cloneSources = List.copyOf(cloneSources);
            Objects.requireNonNull(duration, "duration");
        }
    }

    /** A dry run: what would be sent. */
    record WouldSend(String snapshot, Optional<String> parent, List<String> cloneSources) implements Transfer {
        public WouldSend {
            Objects.requireNonNull(snapshot, "snapshot");
            Objects.requireNonNull(parent, "parent");
            cloneSources = List.copyOf(cloneSources);
        }
    }

    /** The target already holds a complete backup of the snapshot. */
    record UpToDate(String snapshot) implements Transfer {
        public UpToDate {
            Objects.requireNonNull(snapshot, "snapshot");
        }
    }

    /** The send or the receive failed; nothing that looks complete was left on the target. */
    record Failed(String snapshot, String error) implements Transfer {
        public Failed {
            Objects.requireNonNull(snapshot, "snapshot");
            Objects.requireNonNull(error, "error");
        }
    }
}
