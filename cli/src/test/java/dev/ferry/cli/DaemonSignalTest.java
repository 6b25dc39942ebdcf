package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.Subvolumes;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.retention.NamingScheme;
import dev.ferry.scheduler.daemon.RunRecord;
import dev.ferry.scheduler.target.Backup;
import dev.ferry.scheduler.target.Series;
import dev.ferry.scheduler.target.Target;
import dev.ferry.scheduler.target.TargetAddress;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM to a ferry daemon in its own JVM: running jobs get the grace period, then are aborted safely. */
@ExtendWith(LoopBtrfsExtension.class)
class DaemonSignalTest {
    @TempDir
    Path tmp;

    private static List<Backup> complete(Path backups) throws Exception {
        try (Target target = Target.open(new TargetAddress.LocalBtrfs(backups),
                dev.ferry.scheduler.target.TargetSettings.defaults())) {
            return target.list(new Series("home", NamingScheme.ferry())).stream().filter(Backup::complete).toList();
        }
    }

    private static List<String> entries(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aJobRunningAtSigtermFinishesWithinTheGracePeriodAndNoNewOneStarts(LoopBtrfs src, LoopBtrfs dst)
            throws Exception {
        Path home = src.path("home");
        Subvolumes.create(home);
        Files.writeString(home.resolve("a.txt"), "a\n");
        Path snapshots = src.path("snapshots");
        Path backups = dst.path("backups");
        DaemonProcess daemon;
        try (HeldLock held = HeldLock.hold(snapshots, "home")) {
            daemon = DaemonProcess.start(tmp.resolve("state"), home.toString(), "--snapshot-dir", snapshots.toString(),
                    "--target", backups.toString(), "--schedule", "* * * * * ?", "--grace", "60s");
            try (DaemonProcess d = daemon) {
                // The first backup waits for the lock this test holds, as for a cron run of ferry backup.
                d.await(Duration.ofSeconds(60), runs -> !runs.isEmpty());
                d.signal("TERM");
                Thread.sleep(1500);
                assertTrue(d.alive(), "still in its grace period: " + d.log());
                held.release();
                assertEquals(143, d.awaitExit(Duration.ofSeconds(60)), d.log());
            }
        }
        List<RunRecord> runs = daemon.runs();
        assertEquals(1, runs.size(), "no job started after SIGTERM: " + runs);
        assertEquals("done", runs.get(0).result(), runs.toString());
        assertEquals(List.of(runs.get(0).snapshot()), complete(backups).stream().map(Backup::name).toList());
        assertTrue(daemon.log().contains("running jobs get 60 s to finish"), daemon.log());
    }

    @Test
    void aBackupStillSendingWhenTheGracePeriodEndsIsAbortedAndLeavesNothingThatLooksComplete(
            LoopBtrfs src, LoopBtrfs dst) throws Exception {
        Path home = src.path("home");
        Subvolumes.create(home);
        writeRandom(home.resolve("big.bin"), 640L << 20);
        Path backups = dst.path("backups");
        Files.createDirectories(backups);
        try (DaemonProcess d = DaemonProcess.start(tmp.resolve("state"), home.toString(), "--snapshot-dir",
                src.path("snapshots").toString(), "--target", backups.toString(), "--schedule", "* * * * * ?",
                "--grace", "0s")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (entries(backups).isEmpty()) { // the receive has begun
                assertTrue(System.nanoTime() < deadline && d.alive(), "no receive began: " + d.log());
                Thread.sleep(20);
            }
            d.signal("TERM");
            assertEquals(143, d.awaitExit(Duration.ofSeconds(90)), d.log());
            List<RunRecord> runs = d.runs();
            assertEquals(1, runs.size(), runs.toString());
            assertEquals("aborted", runs.get(0).result(), "still sending at SIGTERM: " + runs + "\n" + d.log());
            assertTrue(runs.get(0).errors().stream().anyMatch(e -> e.contains("grace period is over")), runs.toString());
        }
        assertEquals(List.of(), complete(backups), "nothing that looks complete");
        assertEquals(List.of(), entries(backups), "and the partial receive is given up");
    }

    private static void writeRandom(Path file, long bytes) throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += block.length) {
                for (int i = 0; i < block.length; i += 8) {
                    long v = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        block[i + b] = (byte) (v >>> (8 * b));
                    }
                }
                out.write(block);
            }
        }
    }

    private Path snapshotConfig(LoopBtrfs src, String... volumes) throws Exception {
        return Files.writeString(tmp.resolve("ferry.yaml"),
                "timezone: UTC\nvolumes:\n" + DaemonProcess.everySecondSnapshotVolumes(src, List.of(volumes)));
    }

    /** Came due during the pause: scheduled before it ended, or handled as a misfire (off the whole second). */
    private static boolean dueDuringPause(RunRecord r, java.time.Instant resumed) {
        return r.scheduled().isBefore(resumed) || r.scheduled().getNano() != 0;
    }

    @Test
    void aDaemonPausedForSeveralSlotsRunsTheScheduleOnceWhenItContinues(LoopBtrfs src) throws Exception {
        Subvolumes.create(src.path("a"));
        Path config = snapshotConfig(src, "a");
        try (DaemonProcess d = DaemonProcess.start(tmp.resolve("state"), "--config", config.toString())) {
            d.await(Duration.ofSeconds(60), runs -> runs.stream().filter(r -> r.ended() != null).count() >= 2);
            d.signal("STOP"); // as a suspended machine
            Thread.sleep(4000);
            java.time.Instant resumed = java.time.Instant.now();
            d.signal("CONT");
            List<RunRecord> runs = d.await(Duration.ofSeconds(30), all -> all.stream()
                    .filter(r -> !r.fired().isBefore(resumed) && r.ended() != null && !dueDuringPause(r, resumed))
                    .count() >= 2);
            List<RunRecord> afterPause = runs.stream().filter(r -> !r.fired().isBefore(resumed)).toList();
            List<RunRecord> caughtUp = afterPause.stream()
                    .filter(r -> dueDuringPause(r, resumed) && r.outcome() != dev.ferry.scheduler.daemon.Outcome.Result.SKIPPED)
                    .toList();
            assertEquals(1, caughtUp.size(), "four missed slots, one run: " + afterPause);
            assertEquals("done", caughtUp.get(0).result(), caughtUp.toString());
            d.signal("TERM");
            assertEquals(143, d.awaitExit(Duration.ofSeconds(60)), d.log());
        }
    }

    @Test
    void sighupReloadsTheScheduleAndABrokenConfigLeavesTheOldOneRunning(LoopBtrfs src) throws Exception {
        Subvolumes.create(src.path("a"));
        Subvolumes.create(src.path("b"));
        Path config = snapshotConfig(src, "a");
        try (DaemonProcess d = DaemonProcess.start(tmp.resolve("state"), "--config", config.toString())) {
            d.await(Duration.ofSeconds(60), runs -> runs.stream().anyMatch(r -> r.ended() != null));
            Files.writeString(config, Files.readString(config).replace("\"* * * * * ?\"", "\"* * * * *\""));
            d.signal("HUP");
            awaitLog(d, "reload failed, the schedules stay as they were: " + config + ":7:");
            int before = d.runs().size();
            d.await(Duration.ofSeconds(30), runs -> runs.size() >= before + 2); // "a" goes on

            snapshotConfig(src, "a", "b");
            d.signal("HUP");
            d.await(Duration.ofSeconds(30), runs -> runs.stream().anyMatch(r -> r.job().equals("b snapshot")
                    && "done".equals(r.result())));
            awaitLog(d, "SIGHUP: reloading the config");
            d.signal("TERM");
            assertEquals(143, d.awaitExit(Duration.ofSeconds(60)), d.log());
        }
    }

    private static void awaitLog(DaemonProcess d, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!d.log().contains(text)) {
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' in the log:\n" + d.log());
            Thread.sleep(50);
        }
    }
}
