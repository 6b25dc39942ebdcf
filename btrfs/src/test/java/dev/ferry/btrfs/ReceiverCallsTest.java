package dev.ferry.btrfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The calls added for the receiver: positional writes from direct buffers, SEEK_DATA/HOLE, readdir, chattr flags, ENCODED_WRITE. */
@ExtendWith(LoopBtrfsExtension.class)
class ReceiverCallsTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pwriteFromADirectBufferAndSeekDataAndHoles(LoopBtrfs fs) throws Exception {
        try (Fd dir = Fd.openDirectory(fs.mountPoint());
             Fd file = Posix.openat(dir, b("f"), Posix.O_RDWR | Posix.O_CREAT, 0600)) {
            ByteBuffer data = ByteBuffer.allocateDirect(8192);
            data.put(new byte[8192]).flip();
            data.put(0, (byte) 'x').position(0);
            Posix.pwrite(file, data, 1 << 20);
            Posix.ftruncate(file, 4 << 20);
            assertEquals(8192, data.remaining(), "the buffer's position moved");
            assertEquals(1 << 20, Posix.seekData(file, 0));
            assertEquals((1 << 20) + 8192, Posix.seekHole(file, 1 << 20));
            assertEquals(-1, Posix.seekData(file, (1 << 20) + 8192), "data after the last extent");
            assertEquals('x', Posix.pread(file, 1, 1 << 20)[0]);
            assertThrows(IllegalArgumentException.class, () -> Posix.pwrite(file, ByteBuffer.allocate(1), 0));
        }
    }

    @Test
    void listNamesGivesEveryNameAsBytes(LoopBtrfs fs) throws Exception {
        Shell.run("bash", "-c", "cd " + fs.mountPoint() + " && mkdir d && touch d/a 'd/sp ace' $'d/\\xff' && mkdir d/sub && ln -s x d/l");
        try (Fd d = Fd.openDirectory(fs.path("d"))) {
            List<String> names = Posix.listNames(d).stream().map(n -> new String(n, StandardCharsets.ISO_8859_1)).sorted().toList();
            assertEquals(List.of("a", "l", "sp ace", "sub", "\u00ff"), names);
            assertEquals(5, Posix.listNames(d).size(), "reading twice reads again");
        }
        try (Fd empty = Fd.openDirectory(fs.path("d/sub"))) {
            assertTrue(Posix.listNames(empty).isEmpty());
        }
    }

    @Test
    void inodeFlagsAsLsattrShowsThem(LoopBtrfs fs, @LoopFs(type = "ext4", sizeMiB = 64) LoopBtrfs ext4) throws Exception {
        for (Path file : List.of(fs.path("f"), ext4.path("f"))) {
            Files.writeString(file, "x");
            try (Fd fd = Fd.open(file, Posix.O_RDONLY)) {
                int flags = InodeFlags.get(fd);
                InodeFlags.set(fd, flags | InodeFlags.FS_NOATIME_FL | InodeFlags.FS_NODUMP_FL);
                assertEquals(flags | InodeFlags.FS_NOATIME_FL | InodeFlags.FS_NODUMP_FL, InodeFlags.get(fd));
            }
            String lsattr = Shell.run("lsattr", "-l", file.toString());
            assertTrue(lsattr.contains("No_Dump") && lsattr.contains("No_Atime"), lsattr);
        }
    }

    @Test
    void encodedWriteStoresACompressedExtentVerbatim(LoopBtrfs fs) throws Exception {
        byte[] plain = new byte[128 << 10];
        Random random = new Random(1);
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) ('a' + random.nextInt(4));
        }
        Deflater deflater = new Deflater();
        deflater.setInput(plain);
        deflater.finish();
        byte[] compressed = new byte[plain.length];
        int n = deflater.deflate(compressed);
        deflater.end();
        ByteBuffer data = ByteBuffer.allocateDirect(n);
        data.put(compressed, 0, n).flip();
        try (Fd dir = Fd.openDirectory(fs.mountPoint());
             Fd file = Posix.openat(dir, b("enc"), Posix.O_RDWR | Posix.O_CREAT, 0600)) {
            long written = EncodedIo.write(file, new EncodedIo.Extent(0, plain.length, plain.length, 0,
                    EncodedIo.COMPRESSION_ZLIB, 0), data);
            assertEquals(n, written);
        }
        Shell.run("sync");
        assertArrayEquals(plain, Files.readAllBytes(fs.path("enc")));
        assertTrue(Shell.run("filefrag", "-v", fs.path("enc").toString()).contains("encoded"));
    }

    @Test
    void encodedWriteOffBtrfsIsENOTTY(@LoopFs(type = "ext4", sizeMiB = 64) LoopBtrfs ext4) throws Exception {
        ByteBuffer data = ByteBuffer.allocateDirect(16);
        try (Fd dir = Fd.openDirectory(ext4.mountPoint());
             Fd file = Posix.openat(dir, b("enc"), Posix.O_RDWR | Posix.O_CREAT, 0600)) {
            NativeException e = assertThrows(NativeException.class, () -> EncodedIo.write(file,
                    new EncodedIo.Extent(0, 4096, 4096, 0, EncodedIo.COMPRESSION_ZLIB, 0), data));
            assertEquals(Errno.ENOTTY, e.errno());
        }
    }

    @Test
    void checkPathRefusesWhatBeneathRefuses() throws Exception {
        for (String bad : List.of("/abs", "../x", "a/../b", "a//b", "a/", ".", "a/./b")) {
            assertThrows(UnsafePathException.class, () -> Beneath.checkPath(b(bad)), bad);
        }
        assertThrows(UnsafePathException.class, () -> Beneath.checkPath(new byte[] {'a', 0, 'b'}));
        Beneath.checkPath(b("a/b c/\u00e9"));
        Beneath.checkPath(new byte[0]);
        for (String fine : List.of(".a", "..b", "a/...", "a/.b/..c", "x".repeat(255) + "/y")) {
            Beneath.checkPath(b(fine));
        }
        for (String bad : List.of("a/..", "a/.", "/", "x".repeat(256), "a/" + "x".repeat(256) + "/b")) {
            assertThrows(UnsafePathException.class, () -> Beneath.checkPath(b(bad)), bad);
        }
    }
}
