package dev.ferry.scheduler.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.scheduler.config.CronSchedule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronTrigger;
import org.quartz.Trigger;

/**
 * Two daemons of a cluster starting together: each looks for a trigger, finds none and stores its
 * own. The second store finds the first daemon's trigger, which may have fired meanwhile (it waited
 * on the cluster's lock while the other fired). Replacing it fired that slot again, on the second
 * daemon: DaemonClusterTest caught a snapshot taken twice. Here the race is replayed in one daemon,
 * by storing as if sync had seen no trigger, right after the trigger fired.
 */
@ExtendWith(LoopBtrfsExtension.class)
class DaemonTriggerStoreTest {
    private static final CronSchedule EVERY_5_S = CronSchedule.parse("0/5 * * * * ?");
    private static final CronSchedule EVERY_SECOND = CronSchedule.parse("* * * * * ?");
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    @TempDir
    Path state;

    @Test
    void aTriggerStoredMeanwhileIsKeptOrReplacedWithoutFiringItsSlotAgain(LoopBtrfs src) throws Exception {
        DaemonPlan plan = DaemonHarness.snapshotsOnly(src.path("data"), src.path("data-snapshots"), EVERY_5_S, state);
        JobId id = JobId.of("data", JobKind.SNAPSHOT);

        Daemon daemon = DaemonHarness.create().start(plan);
        try {
            DaemonHarness.await(state, Duration.ofSeconds(20), runs -> !runs.isEmpty());
            Trigger fired = daemon.storedTrigger(id); // the next slot is about 5 s away
            assertNotNull(fired.getPreviousFireTime(), "the trigger has fired");

            daemon.store(id, EVERY_5_S, UTC, false, null);

            Trigger kept = daemon.storedTrigger(id);
            assertEquals(fired.getPreviousFireTime(), kept.getPreviousFireTime(), "replaced: its fired slot could fire again");
            assertEquals(fired.getNextFireTime(), kept.getNextFireTime());

            // Every second includes the slot that just fired, which the new trigger must not fire again.
            daemon.store(id, EVERY_SECOND, UTC, false, null);

            assertEquals(EVERY_SECOND.expression(), ((CronTrigger) daemon.storedTrigger(id)).getCronExpression(),
                    "a trigger with another schedule is replaced");
            Instant slot = fired.getPreviousFireTime().toInstant();
            List<RunRecord> runs = DaemonHarness.await(state, Duration.ofSeconds(20),
                    r -> r.stream().anyMatch(x -> x.scheduled().isAfter(slot) && x.ended() != null));
            assertEquals(1, runs.stream().filter(r -> r.scheduled().equals(slot)).count(), "a slot fired twice: " + runs);
        } finally {
            daemon.stop(Duration.ofSeconds(30));
        }
    }
}
