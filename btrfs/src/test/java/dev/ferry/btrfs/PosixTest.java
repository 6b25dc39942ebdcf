package dev.ferry.btrfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.internal.LibC;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.Shell;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LoopBtrfsExtension.class)
class PosixTest {
    private Path dir;

    @BeforeEach
    void makeDirectory(LoopBtrfs fs) throws Exception {
        dir = Files.createDirectory(fs.path("d"));
    }

    private String stat(String format, String name) {
        return Shell.run("stat", "-c", format, dir.resolve(name).toString()).strip();
    }

    @Test
    void createsEveryKindOfFileAsStatAndLsSeeThem() throws Exception {
        byte[] longTarget = ("../" + "t".repeat(250) + "/").repeat(15).getBytes(StandardCharsets.UTF_8); // 3795 bytes
        try (Fd d = Fd.openDirectory(dir)) {
            Posix.mkdirat(d, b("sub"), 0750);
            Posix.mknodat(d, b("chr"), Posix.S_IFCHR | 0640, new DeviceNumber(259, 70000));
            Posix.mknodat(d, b("blk"), Posix.S_IFBLK | 0600, new DeviceNumber(7, 3));
            Posix.mkfifoat(d, b("fifo"), 0640);
            Posix.mknodat(d, b("sock"), Posix.S_IFSOCK | 0755, DeviceNumber.NONE);
            Posix.mknodat(d, b("empty"), Posix.S_IFREG | 0444, DeviceNumber.NONE);
            Posix.symlinkat(longTarget, d, b("link"));
            Posix.linkat(d, b("empty"), d, b("hard"));
            Posix.linkat(d, b("link"), d, b("hard-to-link")); // links the symlink itself

            assertEquals("directory 750", stat("%F %a", "sub"));
            assertEquals("character special file 640 259 70000", stat("%F %a %Hr %Lr", "chr"));
            assertEquals("block special file 600 7 3", stat("%F %a %Hr %Lr", "blk"));
            assertEquals("fifo 640", stat("%F %a", "fifo"));
            assertEquals("socket 755", stat("%F %a", "sock"));
            assertEquals("regular empty file 444 2", stat("%F %a %h", "empty"));
            assertEquals(stat("%i", "empty"), stat("%i", "hard"));
            assertEquals("symbolic link 2", stat("%F %h", "hard-to-link"));
            assertEquals(new String(longTarget, StandardCharsets.UTF_8), Shell.run("readlink", dir.resolve("link").toString()).strip());
            assertArrayEquals(longTarget, Posix.readlinkat(d, b("link")));
            assertTrue(Shell.run("ls", "-ln", dir.toString()).contains("crw-r----- 1 0 0 259, 70000"));

            FileStat chr = Posix.lstatat(d, b("chr"));
            assertEquals(Posix.S_IFCHR, chr.type());
            assertEquals(new DeviceNumber(259, 70000), chr.rdev());
            assertEquals(new DeviceNumber(259, 70000), DeviceNumber.decode(chr.rdev().encoded()));
            assertTrue(Posix.lstatat(d, b("link")).isSymlink());
            assertEquals(longTarget.length, Posix.lstatat(d, b("link")).size());
        }
    }

    @Test
    void setuidSetgidStickyOwnersAndNanosecondTimesAreWhatStatSays() throws Exception {
        Files.writeString(dir.resolve("file"), "x");
        Files.createDirectory(dir.resolve("tmp"));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("file"));
        Instant atime = Instant.ofEpochSecond(1_600_000_000L, 123_456_789);
        Instant mtime = Instant.ofEpochSecond(1_500_000_000L, 987_654_321);
        try (Fd d = Fd.openDirectory(dir)) {
            Posix.lchownat(d, b("file"), 1234, 5678);
            Posix.fchmodat(d, b("file"), 06755); // after chown: chown clears setuid/setgid
            Posix.fchmodat(d, b("tmp"), 01777);
            Posix.lchownat(d, b("link"), 4321, 8765);
            Posix.utimensat(d, b("file"), atime, mtime);
            Posix.utimensat(d, b("link"), mtime, atime);
            NativeException e = assertThrows(NativeException.class, () -> Posix.fchmodat(d, b("link"), 0600));
            assertEquals(Errno.EOPNOTSUPP, e.errno());

            assertEquals("6755 1234 5678", stat("%a %u %g", "file"));
            assertEquals("-rwsr-sr-x", stat("%A", "file"));
            assertEquals("1777 drwxrwxrwt", stat("%a %A", "tmp"));
            assertEquals("4321 8765", stat("%u %g", "link"));
            assertEquals("1600000000.123456789 1500000000.987654321", stat("%.9X %.9Y", "file"));
            assertEquals("1500000000.987654321 1600000000.123456789", stat("%.9X %.9Y", "link"));

            FileStat file = Posix.lstatat(d, b("file"));
            assertEquals(06755, file.permissions());
            assertEquals(1234, file.uid());
            assertEquals(5678, file.gid());
            assertEquals(atime, file.atime());
            assertEquals(mtime, file.mtime());
            assertEquals(Long.parseLong(stat("%i", "file")), file.inode());
            assertEquals(1, file.nlink());
            assertEquals(stat("%.9Z", "file"), file.ctime().getEpochSecond() + "." + String.format("%09d", file.ctime().getNano()));

            Posix.utimensat(d, b("file"), null, Instant.ofEpochSecond(42)); // atime left as it was
            assertEquals("1600000000.123456789 42.000000000", stat("%.9X %.9Y", "file"));

            try (Fd f = Posix.openat(d, b("file"), LibC.O_RDWR, 0)) {
                Posix.fchown(f, 1, 2);
                Posix.fchmod(f, 0604);
                Posix.futimens(f, mtime, mtime);
                assertEquals(Posix.fstat(f), Posix.lstatat(d, b("file")));
            }
            assertEquals("604 1 2 1500000000.987654321", stat("%a %u %g %.9Y", "file"));
        }
    }

    @Test
    void writesReadsTruncatesAllocatesAndPunchesHoles() throws Exception {
        byte[] data = new byte[1024 * 1024];
        Arrays.fill(data, (byte) 'a');
        try (Fd d = Fd.openDirectory(dir);
                Fd f = Posix.openat(d, b("file"), LibC.O_RDWR | LibC.O_CREAT | LibC.O_EXCL, 0644)) {
            Posix.pwrite(f, data, 0);
            Posix.pwrite(f, b("tail"), data.length);
            Posix.fsync(f);
            assertEquals(data.length + 4L, Long.parseLong(stat("%s", "file")));
            assertArrayEquals(b("aatail"), Posix.pread(f, 6, data.length - 2));
            assertArrayEquals(b("il"), Posix.pread(f, 100, data.length + 2), "short read at EOF");
            byte[] buf = b("0123456789");
            assertEquals(3, Posix.pread(f, buf, 3, data.length - 1), "into a caller's array, from its start");
            assertArrayEquals(b("ata3456789"), buf, "bytes past the length untouched");
            assertEquals(2, Posix.pread(f, buf, 10, data.length + 2), "short read at EOF into a caller's array");
            assertEquals(0, Posix.pread(f, buf, 10, data.length + 4), "nothing at EOF");
            assertThrows(IndexOutOfBoundsException.class, () -> Posix.pread(f, buf, 11, 0));

            Posix.ftruncate(f, data.length);
            long blocksBefore = Long.parseLong(stat("%b", "file"));
            Posix.fallocate(f, FallocateMode.PUNCH_HOLE, 256 * 1024, 512 * 1024);
            Posix.fsync(f);
            assertEquals(data.length, Long.parseLong(stat("%s", "file")));
            assertEquals(blocksBefore - 1024, Long.parseLong(stat("%b", "file")), "512 KiB = 1024 blocks of 512 freed");
            byte[] read = Files.readAllBytes(dir.resolve("file"));
            assertEquals(0, read[256 * 1024]);
            assertEquals(0, read[768 * 1024 - 1]);
            assertEquals('a', read[768 * 1024]);

            Posix.fallocate(f, FallocateMode.KEEP_SIZE, data.length, 1024 * 1024);
            assertEquals(data.length, Long.parseLong(stat("%s", "file")));
            Posix.fallocate(f, FallocateMode.ALLOCATE, 0, 3 * 1024 * 1024);
            assertEquals(3 * 1024 * 1024, Long.parseLong(stat("%s", "file")));
            NativeException e = assertThrows(NativeException.class, () -> Posix.fallocate(f, FallocateMode.ALLOCATE, -1, 1));
            assertEquals(Errno.EINVAL, e.errno());
        }
    }

    @Test
    void renamesLinksAndUnlinksWithMessagesNamingBothPaths() throws Exception {
        Files.writeString(dir.resolve("a"), "A");
        Files.writeString(dir.resolve("b"), "B");
        Files.createDirectories(dir.resolve("sub/inner"));
        try (Fd d = Fd.openDirectory(dir); Fd sub = Fd.openDirectory(dir.resolve("sub"))) {
            Posix.renameat(d, b("a"), d, b("a2"));
            assertEquals("A", Files.readString(dir.resolve("a2")));

            NativeException missing = assertThrows(NativeException.class, () -> Posix.renameat(d, b("a"), d, b("b")));
            assertEquals("renameat " + dir + "/a -> b: ENOENT (no such file or directory)", missing.getMessage());

            assertThrows(IllegalArgumentException.class, () -> Posix.renameat(d, b("a2"), sub, b("../b")));
            assertThrows(IllegalArgumentException.class, () -> Posix.renameat(d, b("a2"), d, b("x/y")));

            NativeException noReplace = assertThrows(NativeException.class,
                    () -> Posix.renameat2(d, b("a2"), d, b("b"), Posix.RENAME_NOREPLACE));
            assertEquals("renameat2 " + dir + "/a2 -> b: EEXIST (file exists)", noReplace.getMessage());
            Posix.renameat2(d, b("a2"), d, b("b"), Posix.RENAME_EXCHANGE);
            assertEquals("B", Files.readString(dir.resolve("a2")));
            assertEquals("A", Files.readString(dir.resolve("b")));

            Posix.linkat(d, b("b"), sub, b("b-link"));
            assertEquals("2", stat("%h", "b"));
            NativeException linkExists = assertThrows(NativeException.class, () -> Posix.linkat(d, b("b"), sub, b("b-link")));
            assertEquals("linkat " + dir + "/b -> " + dir + "/sub/b-link: EEXIST (file exists)", linkExists.getMessage());

            Posix.unlinkat(sub, b("b-link"));
            assertEquals("1", stat("%h", "b"));
            NativeException notEmpty = assertThrows(NativeException.class, () -> Posix.rmdirat(d, b("sub")));
            assertEquals(Errno.ENOTEMPTY, notEmpty.errno());
            NativeException isDir = assertThrows(NativeException.class, () -> Posix.unlinkat(sub, b("inner")));
            assertEquals(Errno.EISDIR, isDir.errno());
            Posix.rmdirat(sub, b("inner"));
            assertFalse(Files.exists(dir.resolve("sub/inner")));
        }
    }

    @Test
    void openatNeverFollowsASymlink() throws Exception {
        Files.writeString(dir.resolve("target"), "t");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("target"));
        try (Fd d = Fd.openDirectory(dir)) {
            NativeException e = assertThrows(NativeException.class, () -> Posix.openat(d, b("link"), LibC.O_WRONLY | LibC.O_TRUNC, 0));
            assertEquals(Errno.ELOOP, e.errno());
            assertEquals("openat " + dir + "/link: ELOOP (too many levels of symbolic links)", e.getMessage());
        }
        assertEquals("t", Files.readString(dir.resolve("target")));
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
