package dev.ferry.scheduler.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.Subvolumes;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.Shell;
import dev.ferry.retention.NamingScheme;
import dev.ferry.retention.Policy;
import dev.ferry.scheduler.target.TargetAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pruning never deletes the newest snapshot the source and a target have in common, on either
 * side, even under the harshest policy ({@code min none}: keep nothing but pins), when the clock
 * jumps years forward or back between runs, or when the target cannot be reached. The proof that
 * nothing needed was lost: the next backup is still incremental from that snapshot.
 */
@ExtendWith(LoopBtrfsExtension.class)
class PruneSafetyTest {
    private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");
    private static final String COMMON = "home.20261121T100000Z";
    private static final String SOURCE_ONLY = "home.20261121T110000Z";
    private static final Policy NOTHING = Policy.parse("min none");

    private static VolumeJob job(LoopBtrfs src, Path targetDir) {
        return new VolumeJob("home", src.path("home"), src.path("snapshots"), NamingScheme.ferry(), NOTHING, false,
                targetDir == null ? List.of() : List.of(new VolumeJob.TargetJob(new TargetAddress.LocalBtrfs(targetDir), NOTHING)));
    }

    private static BackupRunner runner(Instant now) {
        return new BackupRunner(RunOptions.defaults().withClock(Clock.fixed(now, ZoneOffset.UTC))
                .withCalendar(ZoneOffset.UTC, DayOfWeek.MONDAY));
    }

    private static BackupRunner withoutPruning(Instant now) {
        return new BackupRunner(RunOptions.defaults().withClock(Clock.fixed(now, ZoneOffset.UTC)).withPrune(false));
    }

    /** COMMON on the source and the target, then SOURCE_ONLY taken on the source alone (no target, no pruning). */
    private static Path twoSnapshotsOneInCommon(LoopBtrfs src, LoopBtrfs dst) throws IOException {
        Subvolumes.create(src.path("home"));
        Files.writeString(src.path("home/a"), "one");
        Path backups = dst.path("backups");
        VolumeReport first = withoutPruning(START).backup(job(src, backups));
        assertEquals(VolumeReport.Outcome.DONE, first.outcome(), first.toString());
        Files.writeString(src.path("home/a"), "two");
        withoutPruning(START.plusSeconds(3600)).backup(job(src, null));
        assertEquals(List.of(COMMON, SOURCE_ONLY), names(src.path("snapshots")));
        assertEquals(List.of(COMMON), names(backups));
        return backups;
    }

    /** Years forward, years back, and no jump at all. */
    @ParameterizedTest(name = "clock moved by {0} days")
    @ValueSource(longs = {7300, -7300, 0})
    void aClockJumpNeverCostsTheNewestCommonSnapshot(long days, LoopBtrfs src, LoopBtrfs dst) throws Exception {
        Path backups = twoSnapshotsOneInCommon(src, dst);
        Instant jumped = START.plus(Duration.ofDays(days)).plusSeconds(7200);

        VolumeReport pruned = runner(jumped).prune(job(src, backups));

        assertEquals(VolumeReport.Outcome.DONE, pruned.outcome(), pruned.toString());
        assertTrue(names(src.path("snapshots")).contains(COMMON), "the source lost the common snapshot");
        assertEquals(List.of(COMMON), names(backups), "the target lost the common snapshot");
        assertNextBackupIsIncrementalFrom(COMMON, src, backups, jumped.plusSeconds(60));
    }

    @Test
    void anUnreachableTargetStopsSourcePruning(LoopBtrfs src, LoopBtrfs dst) throws Exception {
        Path backups = twoSnapshotsOneInCommon(src, dst);
        Shell.run("umount", dst.mountPoint().toString());
        try {
            VolumeReport r = runner(START.plus(Duration.ofDays(30))).backup(job(src, backups));
            assertEquals(VolumeReport.Outcome.FAILED, r.outcome(), r.toString());
            assertTrue(r.errors().stream().anyMatch(e -> e.contains("source snapshots not pruned: a target could not be listed")),
                    r.errors().toString());
            assertEquals(3, names(src.path("snapshots")).size(), "a source snapshot was deleted");
            assertTrue(names(src.path("snapshots")).contains(COMMON));
            assertEquals("", Shell.run("ls", "-A", dst.mountPoint().toString()), "the backup wrote into the bare mount point");
        } finally {
            Shell.run("mount", dst.loopDevice(), dst.mountPoint().toString());
        }
        assertEquals(List.of(COMMON), names(backups));
        assertNextBackupIsIncrementalFrom(COMMON, src, backups, START.plus(Duration.ofDays(31)));
    }

    private static void assertNextBackupIsIncrementalFrom(String parent, LoopBtrfs src, Path backups, Instant now)
            throws IOException {
        Files.writeString(src.path("home/a"), "next");
        VolumeReport next = runner(now).backup(job(src, backups));
        assertEquals(VolumeReport.Outcome.DONE, next.outcome(), next.toString());
        Transfer.Sent sent = assertInstanceOf(Transfer.Sent.class, next.targets().get(0).transfer().orElseThrow());
        assertEquals(Optional.of(parent), sent.parent(), "not incremental from the common snapshot");
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }
}
