package dev.ferry.scheduler.daemon;

import static dev.ferry.scheduler.daemon.DaemonHarness.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.scheduler.config.CronSchedule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A firing missed while the daemon was not running runs once when it starts again, however many
 * slots were missed. The cron lists exact seconds, so that no regular slot falls near the restart.
 */
@ExtendWith(LoopBtrfsExtension.class)
class DaemonMisfireTest {
    @TempDir
    Path state;

    @Test
    void slotsMissedWhileStoppedRunOnceAtStartUp(LoopBtrfs src) throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant first = t.plusSeconds(3);
        List<Instant> missed = List.of(t.plusSeconds(6), t.plusSeconds(7), t.plusSeconds(8));
        String seconds = Stream.concat(Stream.of(first), missed.stream())
                .map(i -> String.valueOf(i.atZone(ZoneOffset.UTC).getSecond())).collect(Collectors.joining(","));
        DaemonPlan plan = DaemonHarness.snapshotsOnly(src.path("home"), src.path("snapshots"),
                CronSchedule.parse(seconds + " * * * * ?"), state);

        Daemon before = DaemonHarness.create().start(plan);
        try {
            DaemonHarness.await(state, Duration.ofSeconds(20), r -> r.stream().anyMatch(x -> x.ended() != null));
        } finally {
            before.stop(Duration.ofSeconds(30));
        }
        List<RunRecord> beforeRuns = DaemonHarness.runs(state);
        assertEquals(1, beforeRuns.size(), beforeRuns.toString());
        assertEquals(first, beforeRuns.get(0).scheduled());

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), missed.get(2).plusMillis(1500)).toMillis()));
        Instant restart = Instant.now();
        Daemon after = DaemonHarness.create().start(plan);
        try {
            DaemonHarness.await(state, Duration.ofSeconds(20), r -> r.size() == 2 && r.get(1).ended() != null);
            Thread.sleep(2500); // room for the wrong behaviour: a second catch-up run
        } finally {
            after.stop(Duration.ofSeconds(30));
        }
        List<RunRecord> runs = DaemonHarness.runs(state);
        assertEquals(2, runs.size(), "one run before, one catch-up for three missed slots: " + runs);
        RunRecord catchUp = runs.get(1);
        assertTrue(catchUp.fired().isAfter(restart), catchUp.toString());
        assertEquals(Outcome.Result.DONE, catchUp.outcome(), catchUp.toString());
        assertEquals(runs.stream().map(RunRecord::snapshot).sorted().toList(), names(src.path("snapshots")));
    }
}
