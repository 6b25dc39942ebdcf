package dev.ferry.scheduler.daemon;

import dev.ferry.scheduler.backup.BackupRunner;
import dev.ferry.scheduler.backup.RunOptions;
import dev.ferry.scheduler.backup.SnapshotStep;
import dev.ferry.scheduler.backup.TargetReport;
import dev.ferry.scheduler.backup.Transfer;
import dev.ferry.scheduler.backup.VolumeJob;
import dev.ferry.scheduler.backup.VolumeReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What one firing does, through the same {@link BackupRunner} as {@code ferry backup}: under the
 * volume's lock, so a cron run and the daemon never work on a volume at once.
 *
 * <p>Source pruning must know every target's newest common snapshot, so it always runs over the
 * whole volume: a backup sends (to all targets, or to those its schedule is for) without pruning,
 * then prunes the whole volume as a separate step, unless the volume has a prune schedule of its own.
 */
final class JobWork {
    private JobWork() {
    }

    static Outcome run(JobId id, DaemonPlan plan, Abort abort, Consumer<String> notices) {
        VolumeJob volume = plan.volume(id.volume()).orElseThrow(
                () -> new IllegalStateException("no volume " + id.volume() + " in the config any more"));
        RunOptions options = RunOptions.defaults().withCalendar(plan.zone(), plan.weekStart())
                .withLockWait(plan.lockWait())
                .withOutput(line -> notices.accept(id + ": " + line), line -> { }, abort);
        boolean pruneSeparately = plan.schedule(id.volume()).prune().isPresent();
        List<VolumeReport> reports = new ArrayList<>();
        try {
            abort.check();
            switch (id.kind()) {
                case SNAPSHOT -> reports.add(new BackupRunner(options.withPrune(false)).backup(only(volume, List.of())));
                case PRUNE -> reports.add(new BackupRunner(options).prune(volume));
                case BACKUP -> {
                    // Send, then prune as a step of its own, so that a stop request in between deletes nothing.
                    reports.add(new BackupRunner(options.withPrune(false)).backup(only(volume, targetsOf(id, volume, plan))));
                    abort.check();
                    if (!pruneSeparately) {
                        reports.add(new BackupRunner(options).prune(volume));
                    }
                }
                default -> throw new IllegalStateException("unknown job kind " + id.kind());
            }
        } catch (Abort.Aborted e) {
            return outcome(reports, Optional.of(e.getMessage()));
        }
        return outcome(reports, abort.requested() ? Optional.of(new Abort.Aborted().getMessage()) : Optional.empty());
    }

    /** The volume's backup schedule serves the targets without one of their own; a target schedule, that target. */
    private static List<VolumeJob.TargetJob> targetsOf(JobId id, VolumeJob volume, DaemonPlan plan) {
        if (id.target().isPresent()) {
            return volume.targets().stream().filter(t -> t.address().toString().equals(id.target().get())).toList();
        }
        var own = plan.schedule(id.volume()).targets().keySet();
        return volume.targets().stream().filter(t -> !own.contains(t.address().toString())).toList();
    }

    private static VolumeJob only(VolumeJob v, List<VolumeJob.TargetJob> targets) {
        return new VolumeJob(v.name(), v.source(), v.snapshotDir(), v.scheme(), v.keep(), v.ifChanged(), targets);
    }

    private static Outcome outcome(List<VolumeReport> reports, Optional<String> aborted) {
        List<String> errors = new ArrayList<>();
        long bytes = 0;
        Optional<String> snapshot = Optional.empty();
        for (VolumeReport r : reports) {
            errors.addAll(r.errors());
            for (TargetReport t : r.targets()) {
                t.errors().forEach(e -> errors.add(r.volume() + " -> " + e));
                if (t.transfer().orElse(null) instanceof Transfer.Sent sent) {
                    bytes += sent.bytes();
                }
            }
            if (snapshot.isEmpty()) {
                snapshot = r.snapshot().filter(s -> s instanceof SnapshotStep.Taken).map(SnapshotStep::name);
            }
        }
        if (aborted.isPresent()) {
            errors.add(aborted.get());
            return new Outcome(Outcome.Result.ABORTED, snapshot, bytes, errors);
        }
        VolumeReport.Outcome of = VolumeReport.Outcome.of(reports);
        Outcome.Result result = switch (of) {
            case DONE -> Outcome.Result.DONE;
            case PARTLY_DONE -> Outcome.Result.PARTLY_DONE;
            case FAILED -> Outcome.Result.FAILED;
        };
        return new Outcome(result, snapshot, bytes, errors);
    }
}
