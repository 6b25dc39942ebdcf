package dev.ferry.scheduler.backup;

import dev.ferry.btrfs.SubvolumeInfo;
import dev.ferry.retention.Context;
import dev.ferry.scheduler.prune.PruneItem;
import dev.ferry.scheduler.prune.Pruner;
import dev.ferry.scheduler.source.SnapshotSource;
import dev.ferry.scheduler.source.SnapshotStore;
import dev.ferry.scheduler.source.SourceSnapshot;
import dev.ferry.scheduler.target.Backup;
import dev.ferry.scheduler.target.Deletion;
import dev.ferry.scheduler.target.Series;
import dev.ferry.scheduler.target.Target;
import dev.ferry.scheduler.target.TargetException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs {@code ferry backup} and {@code ferry prune} for one volume at a time: under the volume's
 * lock, snapshot the source, send the snapshot to each target incrementally from the newest
 * snapshot they have in common, then prune each target and the source. One target failing does
 * not stop the others; every failure is reported, none is thrown.
 */
public final class BackupRunner {
    private final RunOptions options;

    public BackupRunner(RunOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Snapshot, send to every target, prune (unless pruning is off). */
    public VolumeReport backup(VolumeJob job) {
        return locked(job, true);
    }

    /** Prune the source and every target, sending nothing. */
    public VolumeReport prune(VolumeJob job) {
        return locked(job, false);
    }

    /** A dry run takes no lock: the lock file would be a change, and a dry run only reads. */
    private VolumeReport locked(VolumeJob job, boolean backup) {
        if (options.dryRun()) {
            return new VolumeRun(job, backup).run();
        }
        try (VolumeLock lock = VolumeLock.acquire(job.lockDir(), job.name(), options.lockWait())) {
            return new VolumeRun(job, backup).run();
        } catch (VolumeLock.LockedException | IOException e) {
            return new VolumeReport(job.name(), Optional.empty(), List.of(), List.of(), List.of(),
                    List.of(job.name() + ": " + e.getMessage()));
        }
    }

    /** The state of one volume's run. */
    private final class VolumeRun {
        private final VolumeJob job;
        private final boolean backup;
        private final Series series;
        private final SnapshotSource store;
        private final List<String> errors = new ArrayList<>();
        private final List<TargetReport> targets = new ArrayList<>();
        /** Per reachable target, the name of the newest snapshot it has in common with the source. */
        private final Map<String, String> newestCommon = new LinkedHashMap<>();
        private boolean everyTargetListed = true;

        VolumeRun(VolumeJob job, boolean backup) {
            this.job = job;
            this.backup = backup;
            this.series = job.series();
            this.store = job.store();
        }

        VolumeReport run() {
            List<SourceSnapshot> snapshots;
            Optional<SnapshotStep> step = Optional.empty();
            Optional<SourceSnapshot> toSend = Optional.empty();
            try {
                snapshots = new ArrayList<>(store.list());
                if (backup) {
                    SnapshotOutcome made = snapshot(snapshots);
                    step = Optional.of(made.step());
                    toSend = Optional.of(made.snapshot());
                    if (!snapshots.contains(made.snapshot())) {
                        snapshots.add(made.snapshot());
                    }
                }
            } catch (IOException e) {
                errors.add(job.name() + ": cannot snapshot " + job.sourceLabel() + ": " + e.getMessage());
                return report(step);
            }
            for (VolumeJob.TargetJob target : job.targets()) {
                targets.add(toTarget(target, List.copyOf(snapshots), toSend));
            }
            List<PruneItem> prune = List.of();
            List<String> deleted = new ArrayList<>();
            if (options.prune()) {
                prune = pruneSource(snapshots, deleted);
            }
            return new VolumeReport(job.name(), step, targets, prune, deleted, errors);
        }

        private VolumeReport report(Optional<SnapshotStep> step) {
            return new VolumeReport(job.name(), step, targets, List.of(), List.of(), errors);
        }

        private record SnapshotOutcome(SnapshotStep step, SourceSnapshot snapshot) {
        }

        private SnapshotOutcome snapshot(List<SourceSnapshot> snapshots) throws IOException {
            if (job.ifChanged() && !snapshots.isEmpty() && store instanceof SnapshotStore local) {
                SourceSnapshot newest = snapshots.get(snapshots.size() - 1);
                SubvolumeInfo source = local.sourceInfo();
                if (!SnapshotStore.changedSince(source, newest)) {
                    options.log().accept(job.name() + ": unchanged since " + newest.name() + ", no new snapshot");
                    return new SnapshotOutcome(new SnapshotStep.Unchanged(newest.name()), newest);
                }
            }
            if (options.dryRun()) {
                // A stand-in: a fresh uuid no target holds, so the dry run plans the real send.
                String name = store.nextName(options.clock().instant());
                SourceSnapshot planned = new SourceSnapshot(name, job.snapshotDir().resolve(name), UUID.randomUUID(),
                        Optional.empty(), 0, series.parse(name).orElseThrow().time());
                return new SnapshotOutcome(new SnapshotStep.WouldTake(name), planned);
            }
            SourceSnapshot taken = store.take(options.clock().instant());
            options.log().accept(job.name() + ": snapshot " + taken.path());
            return new SnapshotOutcome(new SnapshotStep.Taken(taken.name()), taken);
        }

        private TargetReport toTarget(VolumeJob.TargetJob targetJob, List<SourceSnapshot> snapshots,
                                      Optional<SourceSnapshot> toSend) {
            String label = targetJob.address().toString();
            Optional<Transfer> transfer = Optional.empty();
            List<String> targetErrors = new ArrayList<>();
            List<PruneItem> prune = List.of();
            List<String> deleted = new ArrayList<>();
            try (Target target = targetJob.open()) {
                List<Backup> backups;
                try {
                    backups = target.list(series);
                } catch (TargetException e) {
                    everyTargetListed = false;
                    throw e;
                }
                if (toSend.isPresent()) {
                    Transfer t = new Sender(options, job.name(), series, target, store).transfer(toSend.get(), snapshots, backups);
                    transfer = Optional.of(t);
                    if (t instanceof Transfer.Failed failed) {
                        targetErrors.add(label + ": " + failed.error());
                    }
                    backups = afterTransfer(target, backups, t, toSend.get());
                }
                Optional<SourceSnapshot> common = ParentChoice.newestCommon(snapshots, backups);
                common.ifPresent(c -> newestCommon.put(label, c.name()));
                if (options.prune()) {
                    prune = Pruner.target(backups, targetJob.keep(), context(), common.map(SourceSnapshot::uuid));
                    deleteBackups(target, backups, prune, deleted, targetErrors, label);
                }
            } catch (TargetException e) {
                targetErrors.add(e.getMessage());
            }
            return new TargetReport(label, transfer, prune, deleted, targetErrors);
        }

        /** The target's backups after a transfer; a dry run counts the would-be backup as held. */
        private List<Backup> afterTransfer(Target target, List<Backup> before, Transfer transfer, SourceSnapshot sent)
                throws TargetException {
            if (transfer instanceof Transfer.WouldSend) {
                List<Backup> planned = new ArrayList<>(before);
                planned.add(Backup.standalone(sent.name(), sent.uuid(), sent.time()));
                return planned;
            }
            return transfer instanceof Transfer.Sent ? target.list(series) : before;
        }

        private void deleteBackups(Target target, List<Backup> backups, List<PruneItem> decisions, List<String> deleted,
                                   List<String> targetErrors, String label) {
            for (PruneItem item : decisions) {
                if (item.keep()) {
                    continue;
                }
                if (options.dryRun()) {
                    options.log().accept(label + ": would delete " + item.name());
                    continue;
                }
                Backup backup = backups.stream().filter(b -> b.name().equals(item.name())).findFirst().orElseThrow();
                try {
                    Deletion d = target.delete(series, backup);
                    if (d instanceof Deletion.Refused refused) {
                        targetErrors.add(label + ": kept " + refused.name() + ": " + refused.why());
                    } else {
                        deleted.add(d.name());
                        options.log().accept(label + ": deleted " + d.name());
                    }
                } catch (TargetException e) {
                    targetErrors.add(e.getMessage());
                }
            }
        }

        /**
         * Source snapshots are pruned only when every target could be listed: the newest snapshot
         * in common with an unreachable target is unknown, and deleting it would force a full send.
         */
        private List<PruneItem> pruneSource(List<SourceSnapshot> snapshots, List<String> deleted) {
            if (!everyTargetListed) {
                errors.add(job.name() + ": source snapshots not pruned: a target could not be listed, so the "
                        + "snapshot it needs for its next incremental backup is unknown");
                return List.of();
            }
            List<PruneItem> decisions = Pruner.source(snapshots, job.keep(), context(), newestCommon);
            for (PruneItem item : decisions) {
                if (item.keep()) {
                    continue;
                }
                if (options.dryRun()) {
                    options.log().accept(job.name() + ": would delete snapshot " + item.name());
                    continue;
                }
                SourceSnapshot snapshot = snapshots.stream().filter(s -> s.name().equals(item.name())).findFirst()
                        .orElseThrow();
                try {
                    store.delete(snapshot);
                    deleted.add(snapshot.name());
                    options.log().accept(job.name() + ": deleted snapshot " + snapshot.name());
                } catch (IOException e) {
                    errors.add(job.name() + ": cannot delete snapshot " + snapshot.name() + ": " + e.getMessage());
                }
            }
            return decisions;
        }

        private Context context() {
            return Context.of(options.clock().instant(), options.zone()).withFirstDayOfWeek(options.weekStart());
        }
    }
}
