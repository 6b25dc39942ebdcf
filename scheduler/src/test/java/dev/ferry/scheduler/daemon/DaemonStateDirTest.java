package dev.ferry.scheduler.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.retention.NamingScheme;
import dev.ferry.retention.Policy;
import dev.ferry.scheduler.backup.VolumeJob;
import dev.ferry.scheduler.config.CronSchedule;
import dev.ferry.scheduler.config.VolumeSchedule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One daemon per state directory; and what it writes there for ferry status before any job ran. */
class DaemonStateDirTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondDaemonOnTheSameStateDirectoryIsRefusedAndTheScheduleIsWrittenForStatus() throws Exception {
        VolumeJob home = new VolumeJob("home", tmp.resolve("home"), tmp.resolve("snapshots"), NamingScheme.ferry(),
                Policy.parse("all"), false, List.of());
        Path state = tmp.resolve("state");
        DaemonPlan plan = DaemonHarness.plan(List.of(home), Map.of("home", new VolumeSchedule(Optional.empty(),
                Optional.of(CronSchedule.parse("0 0 0 1 1 ? 2099")), Optional.empty(), Map.of())),
                DaemonHarness.memory(state));
        Daemon first = DaemonHarness.create().start(plan);
        try {
            DaemonException e = assertThrows(DaemonException.class, () -> DaemonHarness.create().start(plan));
            assertTrue(e.getMessage().startsWith("another ferry daemon uses the state directory " + state),
                    e.getMessage());
            ScheduleState schedule = ScheduleState.read(state).orElseThrow();
            assertEquals(ProcessHandle.current().pid(), schedule.pid());
            assertEquals(null, schedule.stopped());
            assertEquals(List.of(new ScheduleState.Entry("home backup", "0 0 0 1 1 ? 2099", "Z",
                    java.time.Instant.parse("2099-01-01T00:00:00Z"), false)), schedule.jobs());
        } finally {
            first.stop(Duration.ofSeconds(5));
        }
        assertTrue(ScheduleState.read(state).orElseThrow().stopped() != null, "marked stopped");
    }
}
