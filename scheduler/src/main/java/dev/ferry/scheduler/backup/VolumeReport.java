package dev.ferry.scheduler.backup;

import dev.ferry.scheduler.prune.PruneItem;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run did to one volume.
 *
 * @param snapshot empty for {@code ferry prune}, or when snapshotting failed
 * @param prune    every source snapshot with its keep/delete decision; empty when pruning did not run
 * @param deleted  the source snapshots actually deleted
 * @param errors   failures that concern the volume as a whole (lock, snapshot, source pruning)
 */
public record VolumeReport(String volume, Optional<SnapshotStep> snapshot, List<TargetReport> targets,
                           List<PruneItem> prune, List<String> deleted, List<String> errors) {
    public VolumeReport {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(snapshot, "snapshot");
        targets = List.copyOf(targets);
        prune = List.copyOf(prune);
        deleted = List.copyOf(deleted);
        errors = List.copyOf(errors);
    }

    /** How a run went, for its exit status. */
    public enum Outcome {
        DONE, PARTLY_DONE, FAILED;

        /** 0 all done, 1 failed, 2 partly done. */
        public int exitStatus() {
            return switch (this) {
                case DONE -> 0;
                case FAILED -> 1;
                case PARTLY_DONE -> 2;
            };
        }

        /** Of several volumes: done if all are, failed if all failed, else partly done. */
        public static Outcome of(List<VolumeReport> reports) {
            if (reports.stream().allMatch(r -> r.outcome() == DONE)) {
                return DONE;
            }
            if (reports.stream().allMatch(r -> r.outcome() == FAILED)) {
                return FAILED;
            }
            return PARTLY_DONE;
        }
    }

    /**
     * Failed when the volume itself failed or every target did; partly done when only some
     * targets failed.
     */
    public Outcome outcome() {
        boolean someTargetFailed = targets.stream().anyMatch(TargetReport::failed);
        boolean everyTargetFailed = !targets.isEmpty() && targets.stream().allMatch(TargetReport::failed);
        if (!errors.isEmpty() && snapshot.isEmpty() || everyTargetFailed) {
            return Outcome.FAILED;
        }
        return errors.isEmpty() && !someTargetFailed ? Outcome.DONE : Outcome.PARTLY_DONE;
    }
}
