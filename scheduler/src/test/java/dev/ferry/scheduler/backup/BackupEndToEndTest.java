package dev.ferry.scheduler.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.SubvolumeIndex;
import dev.ferry.btrfs.SubvolumeInfo;
import dev.ferry.btrfs.Subvolumes;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.tree.TreeComparison;
import dev.ferry.btrfs.testing.tree.TreeState;
import dev.ferry.retention.NamingScheme;
import dev.ferry.retention.Policy;
import dev.ferry.scheduler.target.TargetAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Whole runs of ferry backup between two loop-mounted btrfs filesystems. */
@ExtendWith(LoopBtrfsExtension.class)
class BackupEndToEndTest {
    private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");

    private static VolumeJob job(LoopBtrfs src, Path targetDir, Policy keep, Policy targetKeep, boolean ifChanged) {
        return new VolumeJob("home", src.path("home"), src.path("snapshots"), NamingScheme.ferry(), keep, ifChanged,
                List.of(new VolumeJob.TargetJob(new TargetAddress.LocalBtrfs(targetDir), targetKeep)));
    }

    private static BackupRunner runner(Instant now) {
        return new BackupRunner(RunOptions.defaults().withClock(Clock.fixed(now, ZoneOffset.UTC))
                .withCalendar(ZoneOffset.UTC, java.time.DayOfWeek.MONDAY));
    }

    private static void makeSource(LoopBtrfs src) throws IOException {
        Subvolumes.create(src.path("home"));
        Files.writeString(src.path("home/a.txt"), "first\n");
        Files.createDirectories(src.path("home/dir"));
        Files.write(src.path("home/dir/big.bin"), new byte[300_000]);
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    private static void assertBackupEqualsSnapshot(Path snapshot, Path backup) throws IOException {
        TreeComparison.assertSame(TreeState.capture(snapshot), TreeState.capture(backup));
    }

    @Test
    void seedsInFullThenSendsThreeIncrementalsThenPrunes(LoopBtrfs src, LoopBtrfs dst) throws Exception {
        makeSource(src);
        Path backups = dst.path("backups");
        VolumeJob job = job(src, backups, Policy.parse("latest 2"), Policy.parse("latest 3"), false);

        VolumeReport first = runner(START).backup(job);
        assertEquals(VolumeReport.Outcome.DONE, first.outcome(), first.toString());
        Transfer.Sent seed = assertInstanceOf(Transfer.Sent.class, first.targets().get(0).transfer().orElseThrow());
        assertEquals(Optional.empty(), seed.parent());
        assertBackupEqualsSnapshot(src.path("snapshots/" + seed.snapshot()), backups.resolve(seed.snapshot()));

        String previous = seed.snapshot();
        for (int run = 1; run <= 3; run++) {
            Files.writeString(src.path("home/a.txt"), "run " + run + "\n");
            Files.writeString(src.path("home/dir/new" + run), "n" + run);
            if (run == 2) {
                Files.delete(src.path("home/dir/big.bin"));
            }
            VolumeReport r = runner(START.plus(Duration.ofHours(run))).backup(job);
            assertEquals(VolumeReport.Outcome.DONE, r.outcome(), r.toString());
            Transfer.Sent sent = assertInstanceOf(Transfer.Sent.class, r.targets().get(0).transfer().orElseThrow());
            assertEquals(Optional.of(previous), sent.parent(), "incremental from the previous snapshot");
            assertBackupEqualsSnapshot(src.path("snapshots/" + sent.snapshot()), backups.resolve(sent.snapshot()));
            previous = sent.snapshot();
        }

        // Pruned after the last run: two snapshots on the source, three backups on the target.
        assertEquals(List.of("home.20261121T120000Z", "home.20261121T130000Z"), names(src.path("snapshots")));
        assertEquals(List.of("home.20261121T110000Z", "home.20261121T120000Z", "home.20261121T130000Z"), names(backups));
        SubvolumeInfo newest = SubvolumeIndex.info(backups.resolve("home.20261121T130000Z"));
        assertTrue(newest.readOnly());
        assertEquals(Optional.of(SubvolumeIndex.info(src.path("snapshots/home.20261121T130000Z")).uuid()), newest.receivedUuid());
    }

    @Test
    void findsTheParentByReceivedUuidEvenWhenTheBackupWasRenamed(LoopBtrfs src, LoopBtrfs dst) throws Exception {
        makeSource(src);
        Path backups = dst.path("backups");
        VolumeJob job = job(src, backups, Policy.KEEP_ALL, Policy.KEEP_ALL, false);
        runner(START).backup(job);
        // Someone renamed the backup; it still parses as a snapshot name, of another time.
        Files.move(backups.resolve("home.20261121T100000Z"), backups.resolve("home.20200101T000000Z"));
        Files.writeString(src.path("home/a.txt"), "changed\n");

        VolumeReport r = runner(START.plus(Duration.ofHours(1))).backup(job);
        Transfer.Sent sent = assertInstanceOf(Transfer.Sent.class, r.targets().get(0).transfer().orElseThrow());
        assertEquals(Optional.of("home.20261121T100000Z"), sent.parent());
        assertBackupEqualsSnapshot(src.path("snapshots/home.20261121T110000Z"), backups.resolve("home.20261121T110000Z"));
    }

    @Test
    void aDryRunChangesNothing(LoopBtrfs src, LoopBtrfs dst) throws Exception {
        makeSource(src);
        Path backups = dst.path("backups");
        VolumeJob job = job(src, backups, Policy.parse("latest 1"), Policy.parse("latest 1"), false);
        runner(START).backup(job);
        Files.writeString(src.path("home/a.txt"), "changed\n");
        List<SubvolumeInfo> srcBefore = list(src);
        List<SubvolumeInfo> dstBefore = list(dst);

        BackupRunner dry = new BackupRunner(RunOptions.defaults().withDryRun(true)
                .withClock(Clock.fixed(START.plus(Duration.ofHours(1)), ZoneOffset.UTC)));
        VolumeReport plan = dry.backup(job);

        assertEquals(srcBefore, list(src));
        assertEquals(dstBefore, list(dst));
        assertEquals(new SnapshotStep.WouldTake("home.20261121T110000Z"), plan.snapshot().orElseThrow());
        Transfer.WouldSend would = assertInstanceOf(Transfer.WouldSend.class, plan.targets().get(0).transfer().orElseThrow());
        assertEquals(Optional.of("home.20261121T100000Z"), would.parent());
        assertEquals(List.of("delete home.20261121T100000Z", "keep home.20261121T110000Z: newest, latest #1, pinned: newest in common with "
                + backups), plan.prune().stream().map(Object::toString).toList());
        assertTrue(ReportText.plan(plan).contains("home -> " + backups + ": would send home.20261121T110000Z incrementally "
                + "from home.20261121T100000Z"), ReportText.plan(plan).toString());
    }

    private static List<SubvolumeInfo> list(LoopBtrfs fs) throws Exception {
        try (SubvolumeIndex index = SubvolumeIndex.open(fs.mountPoint())) {
            return index.list();
        }
    }

    @Test
    void ifChangedSendsTheNewestSnapshotWithoutTakingAnother(LoopBtrfs src, LoopBtrfs dst) throws Exception {
        makeSource(src);
        VolumeJob job = job(src, dst.path("backups"), Policy.KEEP_ALL, Policy.KEEP_ALL, true);
        runner(START).backup(job);
        VolumeReport again = runner(START.plus(Duration.ofHours(1))).backup(job);
        assertEquals(new SnapshotStep.Unchanged("home.20261121T100000Z"), again.snapshot().orElseThrow());
        assertEquals(new Transfer.UpToDate("home.20261121T100000Z"), again.targets().get(0).transfer().orElseThrow());

        Files.writeString(src.path("home/dir/big.bin"), "overwritten");
        VolumeReport changed = runner(START.plus(Duration.ofHours(2))).backup(job);
        assertEquals(new SnapshotStep.Taken("home.20261121T120000Z"), changed.snapshot().orElseThrow());
    }

    @Test
    void theLockKeepsASecondRunOut(LoopBtrfs src, LoopBtrfs dst) throws Exception {
        makeSource(src);
        VolumeJob job = job(src, dst.path("backups"), Policy.KEEP_ALL, Policy.KEEP_ALL, false);
        try (VolumeLock held = VolumeLock.acquire(src.path("snapshots"), "home", Duration.ZERO)) {
            BackupRunner second = new BackupRunner(RunOptions.defaults().withLockWait(Duration.ofMillis(300)));
            VolumeReport r = second.backup(job);
            assertEquals(VolumeReport.Outcome.FAILED, r.outcome());
            assertTrue(r.errors().get(0).contains("another ferry run is working on home"), r.errors().toString());
        }
        assertEquals(List.of(), names(src.path("snapshots")));
        assertEquals(VolumeReport.Outcome.DONE, runner(START).backup(job).outcome());
    }

    @Test
    void oneFailingTargetOfTwoIsPartlyDoneAndLeavesNothingThatLooksComplete(LoopBtrfs src, LoopBtrfs dst) throws Exception {
        makeSource(src);
        Path good = dst.path("backups");
        Path notBtrfs = src.scratch().resolve("plain-dir"); // on the host file system: btrfs receive refuses it
        VolumeJob job = new VolumeJob("home", src.path("home"), src.path("snapshots"), NamingScheme.ferry(),
                Policy.KEEP_ALL, false, List.of(
                        new VolumeJob.TargetJob(new TargetAddress.LocalBtrfs(good), Policy.KEEP_ALL),
                        new VolumeJob.TargetJob(new TargetAddress.LocalBtrfs(notBtrfs), Policy.KEEP_ALL)));
        VolumeReport r = runner(START).backup(job);
        assertEquals(VolumeReport.Outcome.PARTLY_DONE, r.outcome(), r.toString());
        assertEquals(2, r.outcome().exitStatus());
        assertInstanceOf(Transfer.Sent.class, r.targets().get(0).transfer().orElseThrow());
        // Refused when listed, before anything is sent or made there (an unmounted disk looks like this).
        assertEquals(Optional.empty(), r.targets().get(1).transfer());
        assertTrue(r.targets().get(1).errors().get(0).contains("is not on btrfs (is the target's file system mounted?)"),
                r.targets().get(1).errors().toString());
        assertEquals(List.of(), names(notBtrfs));
    }
}
