package dev.ferry.btrfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.internal.LibC;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LoopBtrfsExtension.class)
class BackrefsAndReflinkTest {
    private static final int MiB = 1024 * 1024;

    @Test
    void inoPathsListsEveryHardLinkLikeInodeResolve(LoopBtrfs fs) throws Exception {
        Subvolumes.create(fs.path("vol"));
        Path file = Files.writeString(fs.path("vol/file"), "data");
        Files.createDirectories(fs.path("vol/d1/d2"));
        Files.createLink(fs.path("vol/link"), file);
        Files.createLink(fs.path("vol/d1/d2/deep"), file);
        long inode = Long.parseLong(Shell.run("stat", "-c", "%i", file.toString()).strip());

        InodePaths paths;
        try (Fd vol = Fd.openDirectory(fs.path("vol"))) {
            paths = Backrefs.pathsOf(vol, inode);
        }
        assertTrue(paths.complete());
        // progs prints each path prefixed with the path it was given.
        Set<String> progs = Shell.run("btrfs", "inspect-internal", "inode-resolve", Long.toString(inode), fs.path("vol").toString())
                .lines().map(p -> fs.path("vol").relativize(Path.of(p)).toString()).collect(Collectors.toSet());
        assertEquals(Set.of("file", "link", "d1/d2/deep"), progs);
        assertEquals(progs, new HashSet<>(paths.displayed()));
    }

    @Test
    void logicalInoFindsBothInodesOfAReflinkLikeLogicalResolve(LoopBtrfs fs) throws Exception {
        Subvolumes.create(fs.path("vol"));
        Path a = writeRandom(fs.path("vol/a"), MiB);
        Shell.run("sync");
        Shell.run("cp", "--reflink=always", a.toString(), fs.path("vol/b").toString());
        // c maps only the second 64 KiB of a's extent, at its own offset 0.
        Shell.run("xfs_io", "-f", "-c", "reflink " + a + " 65536 0 65536", fs.path("vol/c").toString());
        Shell.run("sync");
        long extentStart = firstPhysicalBlock(a) * 4096;

        try (Fd top = Fd.openDirectory(fs.mountPoint())) {
            List<ExtentReference> atStart = Backrefs.referencesAt(top, extentStart);
            assertEquals(logicalResolve(fs, extentStart, false), asTriples(atStart));
            assertEquals(Set.of(inode(a), inode(fs.path("vol/b"))), inodes(atStart));

            List<ExtentReference> wholeExtent = Backrefs.referencesToExtent(top, extentStart);
            assertEquals(logicalResolve(fs, extentStart, true), asTriples(wholeExtent));
            assertEquals(Set.of(inode(a), inode(fs.path("vol/b")), inode(fs.path("vol/c"))), inodes(wholeExtent));

            List<ExtentReference> inside = Backrefs.referencesAt(top, extentStart + 65536);
            assertEquals(logicalResolve(fs, extentStart + 65536, false), asTriples(inside));
            assertTrue(inside.contains(new ExtentReference(inode(fs.path("vol/c")), 0, 256)), inside.toString());
            assertTrue(inside.contains(new ExtentReference(inode(a), 65536, 256)), inside.toString());
        }
    }

    @Test
    void cloneRangeSharesExtentsOnBtrfs(LoopBtrfs fs) throws Exception {
        assertCloneRangeShares(fs);
    }

    @Test
    void cloneRangeSharesExtentsOnXfs(@LoopFs(type = "xfs", sizeMiB = 512) LoopBtrfs xfs) throws Exception {
        assertTrue(Shell.run("xfs_info", xfs.mountPoint().toString()).contains("reflink=1"));
        assertCloneRangeShares(xfs);
    }

    private static void assertCloneRangeShares(LoopBtrfs fs) throws Exception {
        Path source = writeRandom(fs.path("source"), MiB);
        Path range = fs.path("range");
        Path whole = fs.path("whole");
        try (Fd src = Fd.open(source, LibC.O_RDONLY);
                Fd dst = Fd.open(range, LibC.O_RDWR | LibC.O_CREAT, 0644);
                Fd all = Fd.open(whole, LibC.O_RDWR | LibC.O_CREAT, 0644)) {
            Reflink.cloneRange(src, 256 * 1024, 512 * 1024, dst, 0);
            Reflink.cloneFile(src, all);
            NativeException e = org.junit.jupiter.api.Assertions.assertThrows(NativeException.class,
                    () -> Reflink.cloneRange(src, 1, 4096, dst, 0));
            assertEquals(Errno.EINVAL, e.errno(), e.getMessage());
            assertTrue(e.getMessage().startsWith("FICLONERANGE " + source + " [1, +4096) -> " + range + " @0: EINVAL"), e.getMessage());
        }
        Shell.run("sync");
        byte[] data = Files.readAllBytes(source);
        assertArrayEquals(Arrays.copyOfRange(data, 256 * 1024, 768 * 1024), Files.readAllBytes(range));
        assertArrayEquals(data, Files.readAllBytes(whole));
        for (Path p : List.of(source, range, whole)) {
            String frag = Shell.run("filefrag", "-v", p.toString());
            assertTrue(frag.contains("shared"), fs.type() + ": " + frag);
        }
    }

    private static Path writeRandom(Path path, int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return Files.write(path, data);
    }

    private static long firstPhysicalBlock(Path file) {
        String frag = Shell.run("filefrag", "-v", file.toString());
        Matcher m = Pattern.compile("(?m)^\\s*0:\\s*\\d+\\.\\.\\s*\\d+:\\s*(\\d+)\\.\\.").matcher(frag);
        if (!m.find()) {
            throw new AssertionError(frag);
        }
        return Long.parseLong(m.group(1));
    }

    /** {@code btrfs inspect-internal logical-resolve -P [-o]}: "inode I offset O root R" lines. */
    private static Set<String> logicalResolve(LoopBtrfs fs, long logical, boolean ignoreOffset) {
        List<String> cmd = new java.util.ArrayList<>(List.of("btrfs", "inspect-internal", "logical-resolve", "-P"));
        if (ignoreOffset) {
            cmd.add("-o");
        }
        cmd.addAll(List.of(Long.toString(logical), fs.mountPoint().toString()));
        return Shell.run(cmd.toArray(String[]::new)).lines().map(String::strip).collect(Collectors.toSet());
    }

    private static Set<String> asTriples(List<ExtentReference> refs) {
        return refs.stream().map(r -> "inode " + r.inode() + " offset " + r.offset() + " root " + r.root()).collect(Collectors.toSet());
    }

    private static Set<Long> inodes(List<ExtentReference> refs) {
        return refs.stream().map(ExtentReference::inode).collect(Collectors.toSet());
    }

    private static long inode(Path p) {
        return Long.parseLong(Shell.run("stat", "-c", "%i", p.toString()).strip());
    }
}
