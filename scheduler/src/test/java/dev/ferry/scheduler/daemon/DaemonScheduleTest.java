package dev.ferry.scheduler.daemon;

import static dev.ferry.scheduler.daemon.DaemonHarness.ended;
import static dev.ferry.scheduler.daemon.DaemonHarness.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.Subvolumes;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.retention.NamingScheme;
import dev.ferry.retention.Policy;
import dev.ferry.scheduler.backup.VolumeJob;
import dev.ferry.scheduler.config.CronSchedule;
import dev.ferry.scheduler.config.VolumeSchedule;
import dev.ferry.scheduler.target.TargetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Schedules of a few seconds against loop btrfs volumes, in one in-process daemon with the in-memory store. */
@ExtendWith(LoopBtrfsExtension.class)
class DaemonScheduleTest {
    @TempDir
    Path state;

    private static Optional<CronSchedule> cron(String text) {
        return Optional.of(CronSchedule.parse(text));
    }

    @Test
    void snapshotsAppearOnTimeBackupsFollowAndPruningKeepsWhatThePolicySays(LoopBtrfs src, LoopBtrfs dst)
            throws Exception {
        Subvolumes.create(src.path("home"));
        Files.writeString(src.path("home/a.txt"), "a\n");
        Subvolumes.create(src.path("data"));
        Path backups = dst.path("backups");
        VolumeJob home = new VolumeJob("home", src.path("home"), src.path("snapshots"), NamingScheme.ferry(),
                Policy.parse("latest 2"), false,
                List.of(new VolumeJob.TargetJob(new TargetAddress.LocalBtrfs(backups), Policy.parse("latest 2"))));
        VolumeJob data = new VolumeJob("data", src.path("data"), src.path("data-snapshots"), NamingScheme.ferry(),
                Policy.parse("all"), false, List.of());
        DaemonPlan plan = DaemonHarness.plan(List.of(home, data), Map.of(
                "home", new VolumeSchedule(Optional.empty(), cron("0/2 * * * * ?"), cron("1/2 * * * * ?"), Map.of()),
                "data", new VolumeSchedule(cron("0/2 * * * * ?"), Optional.empty(), Optional.empty(), Map.of())),
                DaemonHarness.memory(state));

        Daemon daemon = DaemonHarness.create().start(plan);
        List<RunRecord> runs;
        try {
            // Three backups, then a prune that started after the third ended: it had something to delete.
            runs = DaemonHarness.await(state, Duration.ofSeconds(40), r -> {
                List<RunRecord> done = r.stream().filter(x -> x.job().equals("home backup") && x.ended() != null).toList();
                return done.size() >= 3 && r.stream().anyMatch(x -> x.job().equals("home prune") && x.ended() != null
                        && x.fired().isAfter(done.get(2).ended()));
            });
        } finally {
            daemon.stop(Duration.ofSeconds(30));
        }
        runs = DaemonHarness.runs(state);
        runs.forEach(r -> assertTrue(r.outcome() == Outcome.Result.DONE, "every run done: " + r));

        // Snapshots on time: one per slot, every 2 s without a gap, each named within seconds of its slot.
        List<RunRecord> snapshots = runs.stream().filter(r -> r.job().equals("data snapshot")).toList();
        assertTrue(snapshots.size() >= 3, snapshots.toString());
        for (int i = 0; i < snapshots.size(); i++) {
            RunRecord r = snapshots.get(i);
            Instant taken = NamingScheme.ferry().parse(r.snapshot()).orElseThrow().time();
            assertTrue(!taken.isBefore(r.scheduled().truncatedTo(ChronoUnit.SECONDS))
                    && taken.isBefore(r.scheduled().plusSeconds(5)), "taken at its slot: " + r);
            if (i > 0) {
                assertEquals(Duration.ofSeconds(2), Duration.between(snapshots.get(i - 1).scheduled(), r.scheduled()),
                        "consecutive slots: " + snapshots);
            }
        }
        assertEquals(snapshots.stream().map(RunRecord::snapshot).sorted().toList(), names(src.path("data-snapshots")),
                "each snapshot run made exactly its snapshot");

        // Backups follow: each one sent its snapshot.
        List<RunRecord> sent = runs.stream().filter(r -> r.job().equals("home backup") && r.ended() != null).toList();
        sent.forEach(r -> assertTrue(r.bytes() > 0 && r.snapshot() != null, "sent: " + r));

        // Pruning keeps what the policy says: after the last prune, the 2 latest snapshots it saw, and on
        // both sides whatever backups came after it.
        RunRecord lastPrune = runs.stream().filter(r -> r.job().equals("home prune")).reduce((a, b) -> b).orElseThrow();
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        for (RunRecord b : sent) {
            (b.fired().isBefore(lastPrune.fired()) ? before : after).add(b.snapshot());
        }
        TreeSet<String> expected = new TreeSet<>(before.subList(Math.max(0, before.size() - 2), before.size()));
        expected.addAll(after);
        assertTrue(before.size() >= 3, "the last prune had a snapshot to delete: " + before);
        assertEquals(List.copyOf(expected), names(src.path("snapshots")), "source snapshots");
        assertEquals(List.copyOf(expected), names(backups), "backups");
        assertEquals(0, ended(runs, "home backup", Outcome.Result.FAILED));
    }

    @Test
    void aTargetWithAScheduleOfItsOwnGetsOnlyItsOwnBackupsAndTheOthersOnlyTheVolumes(LoopBtrfs src, LoopBtrfs dst)
            throws Exception {
        Subvolumes.create(src.path("home"));
        Files.writeString(src.path("home/a.txt"), "a\n");
        Path usb = dst.path("usb");
        Path nas = dst.path("nas");
        VolumeJob home = new VolumeJob("home", src.path("home"), src.path("snapshots"), NamingScheme.ferry(),
                Policy.parse("all"), false, List.of(
                        new VolumeJob.TargetJob(new TargetAddress.LocalBtrfs(nas), Policy.parse("all")),
                        new VolumeJob.TargetJob(new TargetAddress.LocalBtrfs(usb), Policy.parse("all"))));
        DaemonPlan plan = DaemonHarness.plan(List.of(home), Map.of("home", new VolumeSchedule(Optional.empty(),
                cron("0/3 * * * * ?"), Optional.empty(), Map.of(usb.toString(), CronSchedule.parse("1/3 * * * * ?")))),
                DaemonHarness.memory(state));
        String usbJob = "home backup -> " + usb;
        Daemon daemon = DaemonHarness.create().start(plan);
        try {
            DaemonHarness.await(state, Duration.ofSeconds(40), r -> ended(r, "home backup", Outcome.Result.DONE) >= 2
                    && ended(r, usbJob, Outcome.Result.DONE) >= 2);
        } finally {
            daemon.stop(Duration.ofSeconds(30));
        }
        List<RunRecord> runs = DaemonHarness.runs(state);
        runs.forEach(r -> assertEquals(Outcome.Result.DONE, r.outcome(), r.toString()));
        assertEquals(runs.stream().filter(r -> r.job().equals("home backup")).map(RunRecord::snapshot).sorted().toList(),
                names(nas), "the volume's schedule backs up to the target without one of its own");
        assertEquals(runs.stream().filter(r -> r.job().equals(usbJob)).map(RunRecord::snapshot).sorted().toList(),
                names(usb), "the target's own schedule backs up to it alone");
    }
}
