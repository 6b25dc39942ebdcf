package dev.ferry.btrfs.testing.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.Shell;
import dev.ferry.btrfs.testing.scenario.Volume;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves the comparison can fail: each compared property is changed in a writable snapshot of a
 * base tree, with every time stamp the change would disturb put back, and the comparison must
 * report exactly that one difference.
 */
@ExtendWith(LoopBtrfsExtension.class)
class TreeComparisonTest {
    private static final int KIB = 1024;
    private static final Instant T1 = Instant.ofEpochSecond(1_500_000_000, 111_111_111);
    private static final Instant T2 = Instant.ofEpochSecond(1_500_000_100, 222_222_222);

    /** A change to the copy, expected to show up as {@code property} at {@code path} and nowhere else. */
    private record Mutation(String name, Property property, String path, Step change) {
    }

    @FunctionalInterface
    private interface Step {
        void apply(Volume copy) throws Exception;
    }

    private static List<Mutation> mutations() {
        return List.of(
                new Mutation("one byte of content", Property.CONTENT, "file",
                        v -> keepingTimes(v, "file", () -> v.writeAt("file", 5000, new byte[] {flipped(v, "file", 5000)}))),
                new Mutation("one byte of a file with holes", Property.CONTENT, "holey",
                        v -> keepingTimes(v, "holey", () -> v.writeAt("holey", 512 * KIB + 7, new byte[] {flipped(v, "holey", 512 * KIB + 7)}))),
                new Mutation("hole punched where zeroes were written", Property.DATA_LAYOUT, "holey",
                        v -> keepingTimes(v, "holey", () -> v.punchHole("holey", 256 * KIB, 64 * KIB))),
                new Mutation("a mode bit", Property.PERMISSIONS, "plain", v -> v.chmod("plain", 04644)),
                new Mutation("uid", Property.UID, "plain", v -> v.chown("plain", 1234, 0)),
                new Mutation("gid", Property.GID, "plain", v -> v.chown("plain", 0, 1234)),
                new Mutation("mtime by 1 ns", Property.MTIME, "plain", v -> v.setTimes("plain", T1.plusNanos(1), T2)),
                new Mutation("atime by 1 ns", Property.ATIME, "plain", v -> v.setTimes("plain", T1, T2.plusNanos(1))),
                new Mutation("directory mtime", Property.MTIME, "dir", v -> v.setTimes("dir", T1.plusSeconds(1), T2)),
                new Mutation("one byte of an xattr", Property.XATTR, "file",
                        v -> v.setXattr("file", "user.x", new byte[] {0, 1, 2, 4})),
                new Mutation("an ACL entry", Property.XATTR, "file", v -> v.setfacl("file", "-m", "u:1001:r")),
                new Mutation("hard-link grouping", Property.HARD_LINKS, "a",
                        v -> keepingTimes(v, ".", () -> {
                            v.delete("b");
                            v.link("a", "b");
                        })),
                new Mutation("symlink target", Property.SYMLINK_TARGET, "sym",
                        v -> keepingTimes(v, ".", () -> {
                            v.delete("sym");
                            v.symlink("sym", "target-2");
                            v.setTimes("sym", T1, T2);
                        })),
                new Mutation("device number", Property.DEVICE, "dev",
                        v -> keepingTimes(v, ".", () -> {
                            v.delete("dev");
                            v.mkchar("dev", 0640, 1, 5);
                            v.chmod("dev", 0640);
                            v.setTimes("dev", T1, T2);
                        })),
                new Mutation("an extra file", Property.EXTRA, "dir/extra",
                        v -> keepingTimes(v, "dir", () -> v.write("dir/extra", "x"))),
                new Mutation("a missing file", Property.MISSING, "dir/victim",
                        v -> keepingTimes(v, "dir", () -> v.delete("dir/victim"))),
                new Mutation("a file replaced by a fifo", Property.TYPE, "plain",
                        v -> keepingTimes(v, ".", () -> {
                            v.delete("plain");
                            v.mkfifo("plain", 0644);
                            v.setTimes("plain", T1, T2);
                        })));
    }

    @TestFactory
    Stream<DynamicTest> eachComparedPropertyIsReported(LoopBtrfs fs) throws Exception {
        Path base = makeBase(fs);
        TreeState expected = TreeState.capture(base);
        return mutations().stream().map(m -> DynamicTest.dynamicTest(m.name(), () -> {
            Path copy = fs.path("copy-" + m.name().replace(' ', '-'));
            Shell.run("btrfs", "-q", "subvolume", "snapshot", base.toString(), copy.toString());
            // Captured once only: a capture touches symlink atimes (see capturingAWritableTree...).
            m.change().apply(new Volume(copy, Optional.empty(), () -> {
                throw new UnsupportedOperationException();
            }));
            TreeState actual = TreeState.capture(copy);
            assertThrows(AssertionError.class, () -> TreeComparison.assertSame(expected, actual));
            List<Difference> differences = TreeComparison.differences(expected, actual, ComparisonOptions.STRICT);
            assertEquals(1, differences.size(), () -> "expected only a " + m.property() + " difference, got " + differences);
            assertEquals(m.property(), differences.get(0).property(), differences::toString);
            assertEquals(RelativePath.of(m.path()), differences.get(0).path(), differences::toString);
        }));
    }

    @Test
    void holeToleranceAcceptsWrittenZeroesButNotLostData(LoopBtrfs fs) throws Exception {
        Path base = makeBase(fs);
        Path copy = fs.path("copy");
        Shell.run("btrfs", "-q", "subvolume", "snapshot", base.toString(), copy.toString());
        Volume v = new Volume(copy, Optional.empty(), () -> { });
        keepingTimes(v, "holey", () -> v.punchHole("holey", 256 * KIB, 64 * KIB));
        ComparisonOptions tolerant = ComparisonOptions.STRICT.withDataLayout(ComparisonOptions.DataLayout.HOLES_MAY_HOLD_ZEROES);
        TreeState withZeroes = TreeState.capture(base);
        TreeState withHole = TreeState.capture(copy);
        assertEquals(List.of(), TreeComparison.differences(withHole, withZeroes, tolerant));
        assertEquals(Property.DATA_LAYOUT, TreeComparison.differences(withZeroes, withHole, tolerant).get(0).property());
    }

    /** Only readlink(2) cannot be kept from touching an atime: a symlink's, and only after it was read. */
    @Test
    void capturingAWritableTreeDisturbsNothingButSymlinkAtimes(LoopBtrfs fs) throws Exception {
        Path base = makeBase(fs);
        Path copy = fs.path("copy");
        Shell.run("btrfs", "-q", "subvolume", "snapshot", base.toString(), copy.toString());
        TreeState first = TreeState.capture(copy);
        TreeState second = TreeState.capture(copy);
        assertEquals(List.of(), TreeComparison.differences(TreeState.capture(base), first, ComparisonOptions.STRICT));
        for (Difference d : TreeComparison.differences(first, second, ComparisonOptions.STRICT)) {
            assertEquals(Property.ATIME, d.property(), d::toString);
            assertEquals(EntryType.SYMLINK, first.get(d.path()).type(), d::toString);
        }
        assertTrue(first.get(RelativePath.of("holey")).dataRanges().size() >= 2, "holey must have holes");
    }

    /** The base tree: one of everything the mutations touch, with fixed times where they matter. */
    private static Path makeBase(LoopBtrfs fs) throws Exception {
        Path vol = fs.path("base-vol");
        Shell.run("btrfs", "-q", "subvolume", "create", vol.toString());
        Volume v = new Volume(vol, Optional.empty(), () -> { });
        v.writeRandom("file", 10 * KIB, 1);
        v.setXattr("file", "user.x", new byte[] {0, 1, 2, 3});
        v.setfacl("file", "-m", "u:1000:r");
        v.writeRandom("plain", 100, 2);
        v.writeRandom("holey", 64 * KIB, 3);
        v.writeAt("holey", 256 * KIB, new byte[64 * KIB]); // written zeroes: data, not a hole
        v.writeAt("holey", 512 * KIB, Volume.randomBytes(64 * KIB, 4));
        v.truncate("holey", 1024 * KIB);
        v.writeRandom("a", 100, 5);
        v.writeRandom("b", 100, 5);
        v.symlink("sym", "target-1");
        v.mkchar("dev", 0640, 1, 3);
        v.mkdirs("dir");
        v.write("dir/victim", "v");
        for (String name : List.of("file", "plain", "holey", "a", "b", "sym", "dev", "dir/victim", "dir", ".")) {
            v.setTimes(name, T1, T2);
        }
        Path snapshot = fs.path("base");
        Shell.run("btrfs", "-q", "subvolume", "snapshot", "-r", vol.toString(), snapshot.toString());
        return snapshot;
    }

    private static byte flipped(Volume v, String name, int offset) throws Exception {
        return (byte) ~Files.readAllBytes(v.path(name))[offset];
    }

    @FunctionalInterface
    private interface Change {
        void run() throws Exception;
    }

    /** Runs {@code change}, then puts back the mtime and atime of {@code name} as they were before it. */
    private static void keepingTimes(Volume v, String name, Change change) throws Exception {
        BasicFileAttributes before = Files.readAttributes(v.path(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        change.run();
        v.setTimes(name, before.lastModifiedTime().toInstant(), before.lastAccessTime().toInstant());
    }
}
