package dev.ferry.scheduler.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.Subvolumes;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.retention.NamingScheme;
import dev.ferry.retention.Policy;
import dev.ferry.scheduler.backup.VolumeJob;
import dev.ferry.scheduler.backup.VolumeLock;
import dev.ferry.scheduler.config.CronSchedule;
import dev.ferry.scheduler.config.DaemonSettings;
import dev.ferry.scheduler.config.VolumeSchedule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two schedules of one volume firing every second, while the first job is held up for four
 * seconds by the volume lock (as a cron run of ferry backup would hold it): no two jobs of the
 * volume ever run at once, and the firings that came due meanwhile wait (once per schedule,
 * not once per slot) or are skipped, by policy.
 */
@ExtendWith(LoopBtrfsExtension.class)
class DaemonOverlapTest {
    private static final Duration HOLD = Duration.ofSeconds(4);

    @TempDir
    Path state;

    @Test
    void waitRunsEachDelayedScheduleOnceAfterTheRunningJob(LoopBtrfs src) throws Exception {
        List<RunRecord> runs = runWhileLocked(src, DaemonSettings.Overlap.WAIT);
        RunRecord first = runs.get(0);
        assertTrue(runs.stream().noneMatch(r -> r.outcome() == Outcome.Result.SKIPPED), runs.toString());
        for (String job : List.of("home snapshot", "home prune")) {
            long delayed = runs.stream().skip(1).filter(r -> r.job().equals(job) && cameDueDuring(r, first)).count();
            assertEquals(1, delayed, job + " came due during the held-up run and runs once after it: " + runs);
        }
    }

    @Test
    void skipRecordsTheFiringsThatCameDueAsSkipped(LoopBtrfs src) throws Exception {
        List<RunRecord> runs = runWhileLocked(src, DaemonSettings.Overlap.SKIP);
        RunRecord first = runs.get(0);
        for (String job : List.of("home snapshot", "home prune")) {
            List<RunRecord> delayed = runs.stream().skip(1).filter(r -> r.job().equals(job) && cameDueDuring(r, first))
                    .toList();
            assertEquals(1, delayed.size(), job + ": " + runs);
            assertEquals(Outcome.Result.SKIPPED, delayed.get(0).outcome(), delayed.toString());
        }
        assertTrue(runs.stream().skip(1).anyMatch(r -> r.outcome() == Outcome.Result.DONE),
                "the schedules go on after the skip: " + runs);
    }

    /**
     * Came due while {@code first} ran: scheduled before it ended, or (a firing Quartz handled as a
     * misfire, whose scheduled time is when it was handled) off the whole second, within a second after.
     */
    private static boolean cameDueDuring(RunRecord r, RunRecord first) {
        boolean onSlot = r.scheduled().getNano() == 0;
        return r.scheduled().isBefore(first.ended())
                || !onSlot && r.scheduled().isBefore(first.ended().plusSeconds(1));
    }

    private List<RunRecord> runWhileLocked(LoopBtrfs src, DaemonSettings.Overlap overlap) throws Exception {
        Subvolumes.create(src.path("home"));
        Path snapshots = src.path("snapshots");
        VolumeJob home = new VolumeJob("home", src.path("home"), snapshots, NamingScheme.ferry(), Policy.parse("all"),
                false, List.of());
        DaemonPlan plan = DaemonHarness.plan(List.of(home), Map.of("home", new VolumeSchedule(
                Optional.of(CronSchedule.parse("* * * * * ?")), Optional.empty(),
                Optional.of(CronSchedule.parse("* * * * * ?")), Map.of())),
                DaemonHarness.memory(state).withOverlap(overlap));
        Daemon daemon;
        try (VolumeLock held = VolumeLock.acquire(snapshots, "home", Duration.ZERO)) {
            daemon = DaemonHarness.create().start(plan);
            try {
                DaemonHarness.await(state, Duration.ofSeconds(20), r -> !r.isEmpty());
                Thread.sleep(HOLD.toMillis());
            } catch (Exception | Error e) {
                daemon.stop(Duration.ofSeconds(30));
                throw e;
            }
        }
        try {
            DaemonHarness.await(state, Duration.ofSeconds(30), r -> r.stream().filter(x -> x.ended() != null
                    && x.fired().isAfter(r.get(0).ended().plusSeconds(3))).count() >= 2);
        } finally {
            daemon.stop(Duration.ofSeconds(30));
        }
        List<RunRecord> runs = DaemonHarness.runs(state);
        RunRecord first = runs.get(0);
        assertTrue(Duration.between(first.fired(), first.ended()).compareTo(HOLD.minusSeconds(1)) >= 0,
                "the first run waited for the lock: " + first);
        for (int i = 1; i < runs.size(); i++) {
            RunRecord previous = runs.get(i - 1);
            assertTrue(previous.ended() != null && !runs.get(i).fired().isBefore(previous.ended()),
                    "runs of one volume never overlap: " + previous + " and " + runs.get(i));
        }
        runs.stream().filter(r -> r.outcome() != Outcome.Result.SKIPPED)
                .forEach(r -> assertEquals(Outcome.Result.DONE, r.outcome(), r.toString()));
        return runs;
    }

}
