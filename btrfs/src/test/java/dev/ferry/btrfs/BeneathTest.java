package dev.ferry.btrfs;

import static dev.ferry.btrfs.PosixTest.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.Beneath.Method;
import dev.ferry.btrfs.internal.LibC;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The resolver under attack, with each method: the kernel's openat2 and the component walk.
 * Layout: mnt/outside/sentinel beside mnt/root, which holds d/sub, d/file and symlinks that
 * point up, to "/", to outside and (harmlessly) inside.
 */
@ExtendWith(LoopBtrfsExtension.class)
class BeneathTest {
    private static final String ESCAPE = "ferry-escaped";

    private Path root;
    private Path outside;
    private String outsideBefore;

    private void layout(LoopBtrfs fs) throws Exception {
        outside = Files.createDirectory(fs.path("outside"));
        Files.writeString(outside.resolve("sentinel"), "untouched");
        root = Files.createDirectories(fs.path("root/d/sub"));
        root = fs.path("root");
        Files.writeString(root.resolve("d/file"), "inside");
        Files.createSymbolicLink(root.resolve("up"), Path.of("../.."));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/"));
        Files.createSymbolicLink(root.resolve("out"), Path.of("../outside"));
        Files.createSymbolicLink(root.resolve("out-file"), Path.of("../outside/sentinel"));
        Files.createSymbolicLink(root.resolve("in"), Path.of("d"));
        Files.createSymbolicLink(root.resolve("d/sub/deep-up"), Path.of("../../../outside"));
        outsideBefore = listing(fs.mountPoint());
    }

    /** Everything outside root, with contents, attributes and xattrs: must not change. */
    private String listing(Path mnt) {
        return Shell.sh("cd " + mnt + " && find . -path ./root -prune -o -print0 | sort -z | xargs -0 stat -c '%n %F %a %s %h %Y'"
                + " && cat outside/sentinel && getfattr -h -d -m - outside outside/sentinel 2>&1");
    }

    private void assertNothingEscaped(LoopBtrfs fs) {
        assertEquals(outsideBefore, listing(fs.mountPoint()));
        assertFalse(Files.exists(Path.of("/", ESCAPE)), "created in /");
        assertFalse(Files.exists(fs.mountPoint().getParent().resolve(ESCAPE)), "created beside the mount");
        assertTrue(Shell.exec("getfattr", "-h", "-n", "trusted.planted", "/").exitCode() != 0, "xattr set on /");
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"OPENAT2", "WALK"})
    void resolvesOrdinaryPathsToTheirDirectoryAndName(Method method, LoopBtrfs fs) throws Exception {
        layout(fs);
        Beneath beneath = Beneath.using(method);
        try (Fd r = Fd.openDirectory(root)) {
            try (Beneath.Entry e = beneath.entry(r, b("d/sub/new-dir"))) {
                assertArrayEquals(b("new-dir"), e.name());
                assertEquals(root + "/d/sub/new-dir", e.path());
                Posix.mkdirat(e.dir(), e.name(), 0755);
            }
            assertTrue(Files.isDirectory(root.resolve("d/sub/new-dir")));
            try (Beneath.Entry e = beneath.entry(r, b("top-file"))) {
                Posix.openat(e.dir(), e.name(), LibC.O_WRONLY | LibC.O_CREAT, 0644).close();
            }
            assertTrue(Files.isRegularFile(root.resolve("top-file")));
            try (Fd same = beneath.directory(r, new byte[0]); Fd sub = beneath.directory(r, b("d/sub"))) {
                assertEquals(Posix.fstat(r).inode(), Posix.fstat(same).inode());
                assertEquals(Files.getAttribute(root.resolve("d/sub"), "unix:ino"), Posix.fstat(sub).inode());
            }
        }
        assertNothingEscaped(fs);
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"OPENAT2", "WALK"})
    void refusesDotDotAbsoluteEmptyAndNulBeforeTheKernelSeesThem(Method method, LoopBtrfs fs) throws Exception {
        layout(fs);
        Beneath beneath = Beneath.using(method);
        try (Fd r = Fd.openDirectory(root)) {
            for (byte[] bad : List.of(b("../" + ESCAPE), b("d/../../" + ESCAPE), b("d/.."), b("/tmp/" + ESCAPE), b("/"),
                    b("d//file"), b("d/"), b(""), b("./d/file"), new byte[] {'d', '/', 0, 'x'})) {
                UnsafePathException e = assertThrows(UnsafePathException.class, () -> beneath.entry(r, bad).close(),
                        new String(bad));
                assertTrue(e.getMessage().startsWith("refusing path \""), e.getMessage());
                assertTrue(e.getMessage().contains(" beneath " + root + ": "), e.getMessage());
            }
            assertThrows(UnsafePathException.class, () -> beneath.directory(r, b("d/..")).close());
            UnsafePathException dotdot = assertThrows(UnsafePathException.class, () -> beneath.entry(r, b("d/../x")));
            assertEquals("refusing path \"d/../x\" beneath " + root + ": \"..\" is not a name", dotdot.getMessage());
            UnsafePathException absolute = assertThrows(UnsafePathException.class, () -> beneath.entry(r, b("/etc/passwd")));
            assertEquals("refusing path \"/etc/passwd\" beneath " + root + ": absolute path", absolute.getMessage());
        }
        assertNothingEscaped(fs);
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"OPENAT2", "WALK"})
    void aSymlinkOnThePathIsELoopWhereverItPoints(Method method, LoopBtrfs fs) throws Exception {
        layout(fs);
        Beneath beneath = Beneath.using(method);
        String call = method == Method.OPENAT2 ? "openat2" : "openat";
        try (Fd r = Fd.openDirectory(root)) {
            for (String path : List.of("in/file", "up/" + ESCAPE, "abs/tmp/" + ESCAPE, "out/" + ESCAPE,
                    "d/sub/deep-up/" + ESCAPE, "up/outside/sub/" + ESCAPE)) {
                NativeException e = assertThrows(NativeException.class, () -> beneath.entry(r, b(path)).close(), path);
                assertEquals(Errno.ELOOP, e.errno(), e.getMessage());
                assertEquals(call, e.operation());
                assertTrue(e.getMessage().startsWith(call + " " + root + "/"), e.getMessage());
            }
            assertThrows(NativeException.class, () -> beneath.directory(r, b("out")).close());
        }
        assertNothingEscaped(fs);
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"OPENAT2", "WALK"})
    void aPlantedSymlinkAsTheLastNameCannotBeUsedToReachOutside(Method method, LoopBtrfs fs) throws Exception {
        layout(fs);
        Beneath beneath = Beneath.using(method);
        try (Fd r = Fd.openDirectory(root)) {
            // write through it
            for (String link : List.of("out-file", "abs", "up", "out")) {
                try (Beneath.Entry e = beneath.entry(r, b(link))) {
                    NativeException write = assertThrows(NativeException.class,
                            () -> Posix.openat(e.dir(), e.name(), LibC.O_WRONLY | LibC.O_CREAT | LibC.O_TRUNC, 0644));
                    assertEquals(Errno.ELOOP, write.errno());
                    // create over it
                    assertEquals(Errno.EEXIST, assertThrows(NativeException.class, () -> Posix.mkdirat(e.dir(), e.name(), 0755)).errno());
                    assertEquals(Errno.EEXIST, assertThrows(NativeException.class,
                            () -> Posix.mknodat(e.dir(), e.name(), Posix.S_IFREG | 0644, DeviceNumber.NONE)).errno());
                    assertEquals(Errno.EEXIST, assertThrows(NativeException.class,
                            () -> Posix.symlinkat(b("x"), e.dir(), e.name())).errno());
                    // change owner, mode, times and xattrs of it: only the link itself may change
                    Posix.lchownat(e.dir(), e.name(), 999, 999);
                    Posix.utimensat(e.dir(), e.name(), java.time.Instant.EPOCH, java.time.Instant.EPOCH);
                    assertEquals(Errno.EOPNOTSUPP, assertThrows(NativeException.class, () -> Posix.fchmodat(e.dir(), e.name(), 0777)).errno());
                    Xattrs.set(e.dir(), e.name(), b("trusted.planted"), b("x"));
                    assertEquals(Errno.EPERM, assertThrows(NativeException.class,
                            () -> Xattrs.set(e.dir(), e.name(), b("user.planted"), b("x"))).errno());
                }
            }
            // link the file out through the planted link, or a link out of the root onto a name inside
            try (Beneath.Entry file = beneath.entry(r, b("d/file")); Beneath.Entry link = beneath.entry(r, b("out-file"))) {
                assertEquals(Errno.EEXIST, assertThrows(NativeException.class,
                        () -> Posix.linkat(file.dir(), file.name(), link.dir(), link.name())).errno());
                Posix.linkat(link.dir(), link.name(), file.dir(), b("hardlink-of-symlink"));
                assertTrue(Files.isSymbolicLink(root.resolve("d/hardlink-of-symlink")), "the link itself was linked");
            }
            // rename onto the planted link replaces the link itself, inside the root
            try (Beneath.Entry file = beneath.entry(r, b("d/file")); Beneath.Entry link = beneath.entry(r, b("out-file"))) {
                Posix.renameat(file.dir(), file.name(), link.dir(), link.name());
            }
            assertEquals("inside", Files.readString(root.resolve("out-file")));
            assertFalse(Files.isSymbolicLink(root.resolve("out-file")));
            // rename through a planted link in the middle of the destination path
            assertThrows(NativeException.class, () -> beneath.entry(r, b("out/" + ESCAPE)).close());
            try (Beneath.Entry up = beneath.entry(r, b("up"))) {
                Posix.unlinkat(up.dir(), up.name()); // removes the link, not its target
            }
            assertTrue(Files.isDirectory(fs.mountPoint()));
        }
        assertNothingEscaped(fs);
    }

    @Test
    void theDefaultResolverUsesWhatTheKernelHas(LoopBtrfs fs) throws Exception {
        layout(fs);
        try (Fd r = Fd.openDirectory(root); Beneath.Entry e = Beneath.resolver().entry(r, b("d/sub/x"))) {
            assertEquals(root + "/d/sub", e.dir().path());
            assertEquals(Errno.ELOOP, assertThrows(NativeException.class, () -> Beneath.resolver().entry(r, b("up/x"))).errno());
        }
        assertNothingEscaped(fs);
    }
}
