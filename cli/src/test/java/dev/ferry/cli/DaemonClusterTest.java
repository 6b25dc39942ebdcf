package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.Subvolumes;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.scheduler.daemon.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemons, each in its own JVM, sharing the jobs of one config through Quartz's clustered
 * store on a real PostgreSQL: every firing runs once, on one of them; and when the daemon running
 * a backup is killed, the other one recovers the backup.
 *
 * <p>The backup is held up by the volume lock, which this test holds (as a cron run of ferry
 * backup would), so it is mid-job, deterministically, when its daemon is killed.
 */
@ExtendWith(LoopBtrfsExtension.class)
class DaemonClusterTest {
    private static final List<String> SNAPSHOT_VOLUMES = List.of("a", "b", "c", "d");

    @TempDir
    Path tmp;

    private Path config(TestPostgres pg, LoopBtrfs src, LoopBtrfs dst) throws Exception {
        StringBuilder yaml = new StringBuilder("""
                timezone: UTC
                daemon:
                  store: jdbc
                  jdbc:
                    url: "%s"
                    user: %s
                    password: "%s"
                volumes:
                  - name: home
                    source: %s
                    snapshot-dir: %s
                    keep: all
                    target-keep: all
                    schedule:
                      backup: "0/5 * * * * ?"
                    targets:
                      - target: %s
                """.formatted(pg.schemaUrl(), pg.user(), pg.password(), src.path("home"), src.path("snapshots"),
                dst.path("backups")));
        yaml.append(DaemonProcess.everySecondSnapshotVolumes(src, SNAPSHOT_VOLUMES));
        return Files.writeString(tmp.resolve("ferry.yaml"), yaml);
    }

    @Test
    void everyFiringRunsOnceAndAKilledDaemonsBackupIsRecoveredByTheOther(LoopBtrfs src, LoopBtrfs dst)
            throws Exception {
        Subvolumes.create(src.path("home"));
        Files.writeString(src.path("home/a.txt"), "a\n");
        for (String v : SNAPSHOT_VOLUMES) {
            Subvolumes.create(src.path(v));
        }
        try (TestPostgres pg = TestPostgres.require()) {
            Path config = config(pg, src, dst);
            List<RunRecord> alpha;
            List<RunRecord> beta;
            RunRecord interrupted;
            RunRecord recovered;
            HeldLock held = HeldLock.hold(src.path("snapshots"), "home");
            try (DaemonProcess a = DaemonProcess.start(tmp.resolve("alpha"), "--config", config.toString(),
                    "--instance-id", "alpha");
                 DaemonProcess b = DaemonProcess.start(tmp.resolve("beta"), "--config", config.toString(),
                         "--instance-id", "beta")) {
                // Whichever daemon got the backup is stuck in it, waiting for the lock; kill that one.
                DaemonProcess holder = awaitBackupStarted(a, b);
                DaemonProcess survivor = holder == a ? b : a;
                awaitSnapshotsOfEveryVolume(a, b, java.time.Instant.EPOCH, 1); // both are up and at work
                holder.kill();
                interrupted = holder.runs().stream().filter(r -> r.job().equals("home backup")).findFirst().orElseThrow();
                assertEquals("running", interrupted.result());

                recovered = survivor.await(Duration.ofSeconds(45), runs -> runs.stream()
                        .anyMatch(r -> r.job().equals("home backup") && r.recovering())).stream()
                        .filter(r -> r.job().equals("home backup") && r.recovering()).findFirst().orElseThrow();
                held.release();
                survivor.await(Duration.ofSeconds(30), runs -> runs.stream()
                        .anyMatch(r -> r.job().equals("home backup") && r.recovering() && r.ended() != null));
                // The dead daemon's schedules go on, on the survivor alone.
                awaitSnapshotsOfEveryVolume(survivor, survivor, recovered.fired(), 2);
                survivor.signal("TERM");
                assertEquals(143, survivor.awaitExit(Duration.ofSeconds(60)), survivor.log());
                alpha = a.runs();
                beta = b.runs();
            } finally {
                held.release();
            }
            recovered = Stream.concat(alpha.stream(), beta.stream())
                    .filter(r -> r.job().equals("home backup") && r.recovering()).findFirst().orElseThrow();
            assertEquals(interrupted.scheduled(), recovered.scheduled(), "the same firing, recovered");
            assertEquals("done", recovered.result(), recovered.toString());
            assertTrue(recovered.instance().equals("alpha") != interrupted.instance().equals("alpha"),
                    "recovered by the other daemon: " + interrupted + " / " + recovered);
            assertTrue(Files.isDirectory(dst.path("backups").resolve(recovered.snapshot())), recovered.toString());

            assertEveryFiringRanOnce(alpha, beta, src);
            try (Connection c = pg.connect(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("select count(*) from qrtz_triggers where trigger_group = 'ferry'")) {
                r.next();
                assertEquals(1 + SNAPSHOT_VOLUMES.size(), r.getInt(1), "the schema was created and holds the schedules");
            }
        }
    }

    /** Until each snapshot volume has {@code count} runs done that fired after {@code since}, on either daemon. */
    private static void awaitSnapshotsOfEveryVolume(DaemonProcess a, DaemonProcess b, java.time.Instant since, int count)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (true) {
            List<RunRecord> runs = new ArrayList<>(a.runs());
            if (b != a) {
                runs.addAll(b.runs());
            }
            if (SNAPSHOT_VOLUMES.stream().allMatch(v -> runs.stream().filter(r -> r.job().equals(v + " snapshot")
                    && "done".equals(r.result()) && r.fired().isAfter(since)).count() >= count)) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "snapshot schedules stalled: " + runs + "\n" + a.log() + "\n"
                    + b.log());
            Thread.sleep(100);
        }
    }

    private static DaemonProcess awaitBackupStarted(DaemonProcess a, DaemonProcess b) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            for (DaemonProcess d : List.of(a, b)) {
                if (d.runs().stream().anyMatch(r -> r.job().equals("home backup"))) {
                    return d;
                }
                assertTrue(d.alive(), d.log());
            }
            assertTrue(System.nanoTime() < deadline, "no backup started:\n" + a.log() + "\n" + b.log());
            Thread.sleep(50);
        }
    }

    /**
     * No firing of a snapshot schedule ran twice, on one daemon or across both; and each volume has
     * exactly the snapshots its finished runs took, plus at most the one a killed run may have taken.
     */
    private static void assertEveryFiringRanOnce(List<RunRecord> alpha, List<RunRecord> beta, LoopBtrfs src)
            throws Exception {
        List<RunRecord> all = new ArrayList<>(alpha);
        all.addAll(beta);
        Map<String, RunRecord> byFiring = new HashMap<>();
        for (RunRecord r : all) {
            if (r.recovering()) {
                continue;
            }
            RunRecord twice = byFiring.put(r.job() + " @ " + r.scheduled(), r);
            assertEquals(null, twice, "a firing ran twice: " + twice + " and " + r);
        }
        for (String v : SNAPSHOT_VOLUMES) {
            List<RunRecord> runs = all.stream().filter(r -> r.job().equals(v + " snapshot")).toList();
            long done = runs.stream().filter(r -> "done".equals(r.result())).count();
            long unfinished = runs.stream().filter(r -> r.ended() == null).count();
            assertTrue(done >= 3, v + ": " + runs);
            long snapshots;
            try (Stream<Path> s = Files.list(src.path(v + "-snapshots"))) {
                snapshots = s.filter(p -> !p.getFileName().toString().startsWith(".")).count();
            }
            assertTrue(snapshots >= done && snapshots <= done + unfinished,
                    v + ": " + snapshots + " snapshots for " + done + " runs done, " + unfinished + " unfinished");
        }
    }
}
