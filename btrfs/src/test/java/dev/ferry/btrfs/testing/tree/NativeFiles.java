package dev.ferry.btrfs.testing.tree;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * The few libc calls the tree capture needs and NIO lacks, on raw byte paths: xattrs of any
 * namespace without following symlinks, readlink with the exact target bytes, and file data read
 * with O_NOATIME plus the data/hole map from SEEK_DATA/SEEK_HOLE. A test-only binding of its own,
 * so that the comparison does not lean on the production code it will judge.
 */
public final class NativeFiles {
    private static final int O_RDONLY = 0;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_CLOEXEC = 02000000;
    private static final int O_NOATIME = 01000000;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    private static final int ENXIO = 6;
    private static final int ENODATA = 61;
    private static final int ERANGE = 34;
    private static final int EPERM = 1;
    private static final int AT_FDCWD = -100;
    private static final int O_DIRECTORY = 0200000;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;

    /** Binding to glibc; names as in the C headers. */
    public interface LibC {
        @SaveError
        long llistxattr(@In byte[] path, @Out byte[] list, long size);

        @SaveError
        long lgetxattr(@In byte[] path, @In byte[] name, @Out byte[] value, long size);

        @SaveError
        int lsetxattr(@In byte[] path, @In byte[] name, @In byte[] value, long size, int flags);

        @SaveError
        int lremovexattr(@In byte[] path, @In byte[] name);

        @SaveError
        long readlink(@In byte[] path, @Out byte[] buf, long size);

        @SaveError
        int open(@In byte[] path, int flags);

        @SaveError
        long read(int fd, @Out ByteBuffer buf, long count);

        @SaveError
        long lseek(int fd, long offset, int whence);

        int close(int fd);

        @SaveError
        int utimensat(int dirfd, @In byte[] path, @In long[] times, int flags);

        @SaveError
        int lchown(@In byte[] path, int uid, int gid);

        /** glibc's wrapper of the Linux syscall: raw directory entries, struct linux_dirent64. */
        @SaveError
        long getdents64(int fd, @Out byte[] buf, long size);

        @SaveError
        int symlink(@In byte[] target, @In byte[] linkpath);

        @SaveError
        int mknod(@In byte[] path, int mode, long dev);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final int CHUNK = 1 << 20;
    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(CHUNK));

    private NativeFiles() {
    }

    /**
     * The names in a directory (without "." and ".."), read through a descriptor opened with
     * O_NOATIME: unlike readdir through NIO, listing does not bump the directory's atime.
     */
    public static List<byte[]> list(byte[] dir) throws IOException {
        Path shown = RawPaths.of(dir);
        int fd = openNoAtime(cString(dir), O_DIRECTORY, shown);
        try {
            List<byte[]> names = new ArrayList<>();
            byte[] buf = new byte[64 * 1024];
            long n;
            while ((n = LIBC.getdents64(fd, buf, buf.length)) != 0) {
                check(n, "getdents64", shown);
                for (int at = 0; at < n; ) {
                    int recordLength = (buf[at + 16] & 0xff) | (buf[at + 17] & 0xff) << 8;
                    int nameStart = at + 19; // after d_ino (8), d_off (8), d_reclen (2), d_type (1)
                    int nameEnd = nameStart;
                    while (buf[nameEnd] != 0) {
                        nameEnd++;
                    }
                    byte[] name = Arrays.copyOfRange(buf, nameStart, nameEnd);
                    if (!isDotOrDotDot(name)) {
                        names.add(name);
                    }
                    at += recordLength;
                }
            }
            return names;
        } finally {
            LIBC.close(fd);
        }
    }

    private static boolean isDotOrDotDot(byte[] name) {
        return (name.length == 1 && name[0] == '.') || (name.length == 2 && name[0] == '.' && name[1] == '.');
    }

    /** Every extended attribute of {@code path} (the link itself for symlinks), name → value. */
    public static SortedMap<String, Bytes> xattrs(Path path) throws IOException {
        return xattrs(RawPaths.bytes(path.toAbsolutePath()));
    }

    /** {@link #xattrs(Path)} for a raw absolute path. */
    public static SortedMap<String, Bytes> xattrs(byte[] absolute) throws IOException {
        Path path = RawPaths.of(absolute);
        byte[] p = cString(absolute);
        SortedMap<String, Bytes> result = new TreeMap<>();
        for (String name : xattrNames(p, path)) {
            result.put(name, Bytes.of(xattrValue(p, path, name)));
        }
        return Collections.unmodifiableSortedMap(result);
    }

    private static List<String> xattrNames(byte[] p, Path path) throws IOException {
        while (true) {
            long size = LIBC.llistxattr(p, null, 0);
            check(size, "llistxattr", path);
            byte[] list = new byte[(int) size];
            long n = LIBC.llistxattr(p, list, size);
            if (n < 0 && errno() == ERANGE) {
                continue; // grew in between
            }
            check(n, "llistxattr", path);
            List<String> names = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (list[i] == 0) {
                    names.add(new String(list, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return names;
        }
    }

    private static byte[] xattrValue(byte[] p, Path path, String name) throws IOException {
        byte[] n = cString(name.getBytes(StandardCharsets.UTF_8));
        while (true) {
            long size = LIBC.lgetxattr(p, n, null, 0);
            check(size, "lgetxattr " + name, path);
            byte[] value = new byte[(int) size];
            long got = LIBC.lgetxattr(p, n, value, size);
            if (got < 0 && errno() == ERANGE) {
                continue;
            }
            check(got, "lgetxattr " + name, path);
            return Arrays.copyOf(value, (int) got);
        }
    }

    /** Sets one xattr on {@code path} itself (not a symlink's target). */
    public static void setXattr(Path path, String name, byte[] value) throws IOException {
        byte[] n = cString(name.getBytes(StandardCharsets.UTF_8));
        check(LIBC.lsetxattr(cString(path), n, value, value.length, 0), "lsetxattr " + name, path);
    }

    /** Removes one xattr from {@code path} itself. */
    public static void removeXattr(Path path, String name) throws IOException {
        byte[] n = cString(name.getBytes(StandardCharsets.UTF_8));
        check(LIBC.lremovexattr(cString(path), n), "lremovexattr " + name, path);
    }

    /** Sets atime and mtime with nanoseconds on {@code path} itself, symlinks included. */
    public static void setTimes(Path path, java.time.Instant mtime, java.time.Instant atime) throws IOException {
        long[] times = {atime.getEpochSecond(), atime.getNano(), mtime.getEpochSecond(), mtime.getNano()};
        check(LIBC.utimensat(AT_FDCWD, cString(path), times, AT_SYMLINK_NOFOLLOW), "utimensat", path);
    }

    /** Changes the owner of {@code path} itself, symlinks included. */
    public static void lchown(Path path, int uid, int gid) throws IOException {
        check(LIBC.lchown(cString(path), uid, gid), "lchown", path);
    }

    /** mknod(2): {@code mode} holds the file type (S_IFIFO, S_IFSOCK, S_IFCHR, S_IFBLK) and permissions. */
    public static void mknod(Path path, int mode, long major, long minor) throws IOException {
        long dev = (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xffL) << 12) | ((major & ~0xfffL) << 32);
        check(LIBC.mknod(cString(path), mode, dev), "mknod", path);
    }

    /** Creates {@code link} pointing to exactly {@code target} (any bytes but NUL; need not exist). */
    public static void symlink(byte[] target, Path link) throws IOException {
        check(LIBC.symlink(cString(target), cString(link)), "symlink", link);
    }

    /** The exact bytes a symlink points to. */
    public static Bytes readlink(Path link) throws IOException {
        return readlink(RawPaths.bytes(link.toAbsolutePath()));
    }

    /**
     * {@link #readlink(Path)} for a raw absolute path. readlink(2) touches the link's atime (on a
     * writable filesystem, under relatime's rules); nothing avoids that.
     */
    public static Bytes readlink(byte[] absolute) throws IOException {
        byte[] buf = new byte[8192];
        long n = LIBC.readlink(cString(absolute), buf, buf.length);
        check(n, "readlink", RawPaths.of(absolute));
        return Bytes.of(Arrays.copyOf(buf, (int) n));
    }

    /** What a regular file holds: the SHA-256 of its bytes and where its data (not holes) lie. */
    public record FileData(String sha256, List<DataRange> dataRanges) {
    }

    /**
     * Reads a regular file without touching its atime (O_NOATIME, which root may always use) and
     * maps its data with SEEK_DATA/SEEK_HOLE. Holes read as zeroes, so the digest covers them too.
     */
    public static FileData fileData(byte[] absolute, long size) throws IOException {
        Path file = RawPaths.of(absolute);
        int fd = openNoAtime(cString(absolute), 0, file);
        try {
            List<DataRange> ranges = dataRanges(fd, file, size);
            return new FileData(sha256(fd, file), ranges);
        } finally {
            LIBC.close(fd);
        }
    }

    private static int openNoAtime(byte[] path, int flags, Path shown) throws IOException {
        int fd = LIBC.open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOATIME | flags);
        if (fd < 0 && errno() == EPERM) {
            fd = LIBC.open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | flags); // neither owner nor root
        }
        check(fd, "open", shown);
        return fd;
    }

    private static List<DataRange> dataRanges(int fd, Path file, long size) throws IOException {
        List<DataRange> ranges = new ArrayList<>();
        long offset = 0;
        while (offset < size) {
            long data = LIBC.lseek(fd, offset, SEEK_DATA);
            if (data < 0 && errno() == ENXIO) {
                break; // only a hole up to EOF
            }
            check(data, "lseek SEEK_DATA", file);
            long hole = LIBC.lseek(fd, data, SEEK_HOLE);
            check(hole, "lseek SEEK_HOLE", file);
            ranges.add(new DataRange(data, Math.min(hole, size)));
            offset = hole;
        }
        return List.copyOf(ranges);
    }

    private static String sha256(int fd, Path file) throws IOException {
        MessageDigest digest = newSha256();
        ByteBuffer buffer = BUFFER.get();
        check(LIBC.lseek(fd, 0, 0), "lseek", file);
        while (true) {
            buffer.clear();
            long n = LIBC.read(fd, buffer, CHUNK);
            check(n, "read", file);
            if (n == 0) {
                return HexFormat.of().formatHex(digest.digest());
            }
            buffer.limit((int) n);
            digest.update(buffer);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The path's raw bytes, NUL-terminated. (Goes through toUri(), which stats: fine for the mutating side.) */
    private static byte[] cString(Path path) {
        return cString(RawPaths.bytes(path.toAbsolutePath()));
    }

    private static byte[] cString(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length + 1);
    }

    private static int errno() {
        return Runtime.getRuntime(LIBC).getLastError();
    }

    private static void check(long result, String call, Path path) throws IOException {
        if (result < 0) {
            int errno = errno();
            String what = errno == ENODATA ? "no such attribute" : "errno " + errno;
            throw new IOException(call + " " + path + ": " + what);
        }
    }
}
