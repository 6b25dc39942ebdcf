package dev.ferry.btrfs;

import dev.ferry.btrfs.internal.CString;
import dev.ferry.btrfs.internal.Ioctl;
import dev.ferry.btrfs.internal.LibC;
import dev.ferry.btrfs.internal.Names;
import dev.ferry.btrfs.internal.PinnedIo;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Pointer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The file system calls a receiver makes, on a directory fd and a single byte-string name, none
 * of which follows a symlink in the name it is given. Paths with several components go through
 * {@link Beneath} first, which gives the directory fd and the last name.
 *
 * <p>Every {@code name} must be one component (no '/', not "." or ".."); anything else is an
 * {@link IllegalArgumentException}. Every failed call is a {@link NativeException} naming the call,
 * the path and the errno, e.g. {@code renameat /mnt/x/a -> b: ENOENT (no such file or directory)}.
 *
 * <p>The permission bits given to the creating calls (mkdirat, mknodat, openat with O_CREAT) are
 * reduced by the process umask, as always; set exact modes, setuid/setgid/sticky included, with
 * {@link #fchmodat} or {@link #fchmod} afterwards (after any chown, which clears setuid/setgid).
 */
public final class Posix {
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 060000;
    public static final int S_IFDIR = 040000;
    public static final int S_IFCHR = 020000;
    public static final int S_IFIFO = 010000;

    /** open(2) flags for {@link #openat} (O_NOFOLLOW and O_CLOEXEC are always added). */
    public static final int O_RDONLY = LibC.O_RDONLY;
    public static final int O_WRONLY = LibC.O_WRONLY;
    public static final int O_RDWR = LibC.O_RDWR;
    public static final int O_CREAT = LibC.O_CREAT;
    public static final int O_EXCL = LibC.O_EXCL;
    public static final int O_TRUNC = LibC.O_TRUNC;
    public static final int O_NONBLOCK = LibC.O_NONBLOCK;
    public static final int O_DIRECTORY = LibC.O_DIRECTORY;
    /** Reads do not update the access time (owner or CAP_FOWNER only, else EPERM). */
    public static final int O_NOATIME = 01000000;

    /** renameat2 flags. */
    public static final int RENAME_NOREPLACE = 1;
    public static final int RENAME_EXCHANGE = 2;

    private static final LibC LIBC = LibC.INSTANCE;
    private static final int EINTR = 4;
    private static final int ENXIO = 6;
    private static final int ENOSYS = 38;
    private static final int DIRENT_NAME = 19;
    private static final int PATH_MAX = 4096;
    private static final long UTIME_OMIT = (1L << 30) - 2;
    private static final int STATX_SIZE = 256;
    private static final int STATX_BASIC_STATS_AND_BTIME = 0xFFF;
    private static final int STATX_BTIME = 0x800;

    private Posix() {
    }

    /**
     * openat with O_NOFOLLOW and O_CLOEXEC added: a symlink named {@code name} is refused with
     * ELOOP rather than followed.
     */
    public static Fd openat(Fd dir, byte[] name, int flags, int mode) throws NativeException {
        int fd = LIBC.openat(dir.raw(), entry(name), flags | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, mode);
        String path = Names.join(dir.path(), name);
        if (fd < 0) {
            throw new NativeException("openat", path, LibC.errno());
        }
        return Fd.adopt(fd, path);
    }

    public static void mkdirat(Fd dir, byte[] name, int mode) throws NativeException {
        check(LIBC.mkdirat(dir.raw(), entry(name), mode), "mkdirat", dir, name);
    }

    /** mknodat: {@code mode} carries the type (S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK, S_IFREG) and the permissions. */
    public static void mknodat(Fd dir, byte[] name, int mode, DeviceNumber rdev) throws NativeException {
        check(LIBC.mknodat(dir.raw(), entry(name), mode, rdev.encoded()), "mknodat", dir, name);
    }

    public static void mkfifoat(Fd dir, byte[] name, int permissions) throws NativeException {
        check(LIBC.mknodat(dir.raw(), entry(name), S_IFIFO | permissions & 07777, 0), "mkfifoat", dir, name);
    }

    /** Creates the symlink {@code name} in {@code dir} pointing at {@code target} (any bytes but NUL, up to 4095). */
    public static void symlinkat(byte[] target, Fd dir, byte[] name) throws NativeException {
        check(LIBC.symlinkat(CString.of(target), dir.raw(), entry(name)), "symlinkat", dir, name);
    }

    /** A hard link {@code newDir/newName} to {@code oldDir/oldName}; a symlink is linked itself, not followed. */
    public static void linkat(Fd oldDir, byte[] oldName, Fd newDir, byte[] newName) throws NativeException {
        int rc = LIBC.linkat(oldDir.raw(), entry(oldName), newDir.raw(), entry(newName), 0);
        check(rc, "linkat", twoPaths(oldDir, oldName, newDir, newName));
    }

    public static void renameat(Fd oldDir, byte[] oldName, Fd newDir, byte[] newName) throws NativeException {
        renameat2(oldDir, oldName, newDir, newName, 0, "renameat");
    }

    /** renameat2 with {@link #RENAME_NOREPLACE} or {@link #RENAME_EXCHANGE}. */
    public static void renameat2(Fd oldDir, byte[] oldName, Fd newDir, byte[] newName, int flags) throws NativeException {
        renameat2(oldDir, oldName, newDir, newName, flags, "renameat2");
    }

    private static void renameat2(Fd oldDir, byte[] oldName, Fd newDir, byte[] newName, int flags, String call)
            throws NativeException {
        int rc = LIBC.renameat2(oldDir.raw(), entry(oldName), newDir.raw(), entry(newName), flags);
        check(rc, call, twoPaths(oldDir, oldName, newDir, newName));
    }

    /** Removes a non-directory. */
    public static void unlinkat(Fd dir, byte[] name) throws NativeException {
        check(LIBC.unlinkat(dir.raw(), entry(name), 0), "unlinkat", dir, name);
    }

    /** Removes an empty directory (unlinkat with AT_REMOVEDIR). */
    public static void rmdirat(Fd dir, byte[] name) throws NativeException {
        check(LIBC.unlinkat(dir.raw(), entry(name), LibC.AT_REMOVEDIR), "unlinkat(AT_REMOVEDIR)", dir, name);
    }

    /** fchownat with AT_SYMLINK_NOFOLLOW: lchown semantics, a symlink's own owner changes. -1 leaves an id unchanged. */
    public static void lchownat(Fd dir, byte[] name, long uid, long gid) throws NativeException {
        check(LIBC.fchownat(dir.raw(), entry(name), (int) uid, (int) gid, LibC.AT_SYMLINK_NOFOLLOW), "fchownat", dir, name);
    }

    public static void fchown(Fd fd, long uid, long gid) throws NativeException {
        check(LIBC.fchown(fd.raw(), (int) uid, (int) gid), "fchown", fd.path());
    }

    /**
     * Sets the permission bits (including setuid, setgid, sticky) of {@code name}, which must not
     * be a symlink (symlinks have no mode of their own: EOPNOTSUPP).
     */
    public static void fchmodat(Fd dir, byte[] name, int permissions) throws NativeException {
        byte[] path = entry(name);
        if (!fchmodat2Missing) {
            // One system call where glibc 2.36 emulates AT_SYMLINK_NOFOLLOW with three (O_PATH open, chmod of /proc/self/fd/N, close).
            long rc = LIBC.syscall(LibC.SYS_FCHMODAT2, dir.raw(), path, permissions & 07777, LibC.AT_SYMLINK_NOFOLLOW);
            if (rc == 0) {
                return;
            }
            int errno = LibC.errno();
            if (errno != ENOSYS) {
                throw new NativeException("fchmodat", Names.join(dir.path(), name), errno);
            }
            fchmodat2Missing = true;
        }
        check(LIBC.fchmodat(dir.raw(), path, permissions & 07777, LibC.AT_SYMLINK_NOFOLLOW), "fchmodat", dir, name);
    }

    /** Whether the kernel answered ENOSYS to fchmodat2 (before Linux 6.6); glibc's emulation is used then. */
    private static volatile boolean fchmodat2Missing;

    public static void fchmod(Fd fd, int permissions) throws NativeException {
        check(LIBC.fchmod(fd.raw(), permissions & 07777), "fchmod", fd.path());
    }

    /**
     * utimensat with AT_SYMLINK_NOFOLLOW: sets atime and mtime with nanoseconds; a symlink's own
     * times change. A null time is left unchanged (UTIME_OMIT). ctime is always "now".
     */
    public static void utimensat(Fd dir, byte[] name, Instant atime, Instant mtime) throws NativeException {
        int rc = LIBC.utimensat(dir.raw(), entry(name), timespecPair(atime, mtime), LibC.AT_SYMLINK_NOFOLLOW);
        check(rc, "utimensat", dir, name);
    }

    /** futimens: as {@link #utimensat} on an open fd (the way to reach a receive root directory itself). */
    public static void futimens(Fd fd, Instant atime, Instant mtime) throws NativeException {
        check(LIBC.futimens(fd.raw(), timespecPair(atime, mtime)), "futimens", fd.path());
    }

    private static ByteBuffer timespecPair(Instant atime, Instant mtime) {
        ByteBuffer times = Ioctl.scratch(32); // used only by the one call it is made for
        putTimespec(times, 0, atime);
        putTimespec(times, 16, mtime);
        return times;
    }

    private static void putTimespec(ByteBuffer buf, int offset, Instant time) {
        buf.putLong(offset, time == null ? 0 : time.getEpochSecond());
        buf.putLong(offset + 8, time == null ? UTIME_OMIT : time.getNano());
    }

    public static void fallocate(Fd fd, FallocateMode mode, long offset, long length) throws NativeException {
        int rc = LIBC.fallocate(fd.raw(), mode.flags(), offset, length);
        check(rc, "fallocate(" + mode + ")", fd.path() + " [" + offset + ", +" + length + ")");
    }

    public static void ftruncate(Fd fd, long length) throws NativeException {
        check(LIBC.ftruncate(fd.raw(), length), "ftruncate", fd.path());
    }

    /** Writes all of {@code data} at {@code offset}, continuing after short writes. */
    public static void pwrite(Fd fd, byte[] data, long offset) throws NativeException {
        byte[] rest = data;
        long at = offset;
        while (rest.length > 0) {
            long n = LIBC.pwrite(fd.raw(), rest, rest.length, at);
            if (n < 0) {
                int errno = LibC.errno();
                if (errno == EINTR) {
                    continue;
                }
                throw new NativeException("pwrite", fd.path() + " @" + at, errno);
            }
            at += n;
            rest = Arrays.copyOfRange(rest, (int) n, rest.length);
        }
    }

    /**
     * Writes the bytes of the direct buffer {@code data} from its position to its limit at
     * {@code offset}, continuing after short writes. The buffer's position is left unchanged.
     */
    public static void pwrite(Fd fd, ByteBuffer data, long offset) throws NativeException {
        if (!data.isDirect()) {
            throw new IllegalArgumentException("pwrite needs a direct buffer");
        }
        ByteBuffer rest = data.slice();
        long at = offset;
        while (rest.hasRemaining()) {
            long n = LIBC.pwrite(fd.raw(), rest, rest.remaining(), at);
            if (n < 0) {
                int errno = LibC.errno();
                if (errno == EINTR) {
                    continue;
                }
                throw new NativeException("pwrite", fd.path() + " @" + at, errno);
            }
            at += n;
            rest = rest.position((int) n).slice(); // a slice starts at the unwritten bytes
        }
    }

    /**
     * lseek(SEEK_DATA): the first offset at or after {@code from} that holds data, or -1 when there
     * is none before the end of the file (ENXIO).
     */
    public static long seekData(Fd fd, long from) throws NativeException {
        return seek(fd, from, LibC.SEEK_DATA, "lseek(SEEK_DATA)");
    }

    /** lseek(SEEK_HOLE): the first offset at or after {@code from} in a hole (the end of the file counts), or -1 past EOF. */
    public static long seekHole(Fd fd, long from) throws NativeException {
        return seek(fd, from, LibC.SEEK_HOLE, "lseek(SEEK_HOLE)");
    }

    private static long seek(Fd fd, long from, int whence, String call) throws NativeException {
        long at = LIBC.lseek(fd.raw(), from, whence);
        if (at < 0) {
            int errno = LibC.errno();
            if (errno == ENXIO) {
                return -1;
            }
            throw new NativeException(call, fd.path() + " @" + from, errno);
        }
        return at;
    }

    /** Reads up to {@code length} bytes at {@code offset}; fewer only at end of file. */
    public static byte[] pread(Fd fd, int length, long offset) throws NativeException {
        byte[] buf = new byte[length];
        int filled = 0;
        while (filled < length) {
            byte[] chunk = filled == 0 ? buf : new byte[length - filled];
            long n = LIBC.pread(fd.raw(), chunk, chunk.length, offset + filled);
            if (n < 0) {
                int errno = LibC.errno();
                if (errno == EINTR) {
                    continue;
                }
                throw new NativeException("pread", fd.path() + " @" + (offset + filled), errno);
            }
            if (n == 0) {
                break;
            }
            if (chunk != buf) {
                System.arraycopy(chunk, 0, buf, filled, (int) n);
            }
            filled += (int) n;
        }
        return filled == length ? buf : Arrays.copyOf(buf, filled);
    }

    /**
     * Reads {@code length} bytes at {@code offset} into the start of {@code buf}, or fewer at end
     * of file; returns how many. The array is read into in place (pinned for the call), not
     * through a native copy: for large reads into a buffer the caller reuses.
     */
    public static int pread(Fd fd, byte[] buf, int length, long offset) throws NativeException {
        java.util.Objects.checkFromIndexSize(0, length, buf.length);
        long n;
        do {
            n = PinnedIo.INSTANCE.pread(fd.raw(), buf, length, offset);
        } while (n < 0 && PinnedIo.errno() == EINTR);
        if (n < 0) {
            throw new NativeException("pread", fd.path() + " @" + offset, PinnedIo.errno());
        }
        if (n == 0 || n == length) {
            return (int) n;
        }
        // A short read before the end of the file (rare): the rest into a copy, as before.
        byte[] rest = pread(fd, length - (int) n, offset + n);
        System.arraycopy(rest, 0, buf, (int) n, rest.length);
        return (int) n + rest.length;
    }

    public static void fsync(Fd fd) throws NativeException {
        check(LIBC.fsync(fd.raw()), "fsync", fd.path());
    }

    /** How many descriptors this process may have open: the soft RLIMIT_NOFILE (the JVM raises it to the hard one). */
    public static long openFileLimit() throws NativeException {
        long[] limits = new long[2];
        check(LIBC.getrlimit(LibC.RLIMIT_NOFILE, limits), "getrlimit", "RLIMIT_NOFILE");
        return limits[0];
    }

    /** syncfs: commits the whole file system the fd is on. */
    public static void syncfs(Fd fd) throws NativeException {
        check(LIBC.syncfs(fd.raw()), "syncfs", fd.path());
    }

    /** statx of {@code name} itself (AT_SYMLINK_NOFOLLOW): lstat semantics, nanosecond times. */
    public static FileStat lstatat(Fd dir, byte[] name) throws NativeException {
        return statx(dir.raw(), entry(name), LibC.AT_SYMLINK_NOFOLLOW, Names.join(dir.path(), name));
    }

    /** statx of the open file itself (AT_EMPTY_PATH). */
    public static FileStat fstat(Fd fd) throws NativeException {
        return statx(fd.raw(), new byte[] {0}, LibC.AT_EMPTY_PATH, fd.path());
    }

    private static FileStat statx(int dirfd, byte[] path, int flags, String shown) throws NativeException {
        ByteBuffer stx = Ioctl.scratch(STATX_SIZE); // read out before returning
        if (LIBC.statx(dirfd, path, flags, STATX_BASIC_STATS_AND_BTIME, stx) != 0) {
            throw new NativeException("statx", shown, LibC.errno());
        }
        int mask = stx.getInt(0);
        return new FileStat(
                Short.toUnsignedInt(stx.getShort(28)),
                Integer.toUnsignedLong(stx.getInt(20)),
                Integer.toUnsignedLong(stx.getInt(24)),
                stx.getLong(40),
                stx.getLong(48),
                stx.getLong(32),
                Integer.toUnsignedLong(stx.getInt(16)),
                new DeviceNumber(Integer.toUnsignedLong(stx.getInt(128)), Integer.toUnsignedLong(stx.getInt(132))),
                new DeviceNumber(Integer.toUnsignedLong(stx.getInt(136)), Integer.toUnsignedLong(stx.getInt(140))),
                statxTime(stx, 64),
                statxTime(stx, 112),
                statxTime(stx, 96),
                (mask & STATX_BTIME) != 0 ? Optional.of(statxTime(stx, 80)) : Optional.empty());
    }

    /** struct statx_timestamp: s64 tv_sec, u32 tv_nsec, s32 reserved. */
    private static Instant statxTime(ByteBuffer stx, int offset) {
        return Instant.ofEpochSecond(stx.getLong(offset), Integer.toUnsignedLong(stx.getInt(offset + 8)));
    }

    /**
     * The names in directory {@code dir}, without "." and "..", as bytes, in the order the file
     * system returns them. {@code dir} stays open and unchanged (a duplicate is read).
     */
    public static List<byte[]> listNames(Fd dir) throws NativeException {
        int fd = LIBC.openat(dir.raw(), CString.of(new byte[] {'.'}), LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
        if (fd < 0) {
            throw new NativeException("openat", dir.path(), LibC.errno());
        }
        Pointer stream = LIBC.fdopendir(fd);
        if (stream == null) {
            int errno = LibC.errno();
            LIBC.close(fd);
            throw new NativeException("fdopendir", dir.path(), errno);
        }
        try {
            List<byte[]> names = new ArrayList<>();
            while (true) {
                Pointer entry = LIBC.readdir(stream);
                if (entry == null) {
                    return names; // end of directory (readdir errors are EBADF only, for a bad stream)
                }
                byte[] name = new byte[entry.indexOf(DIRENT_NAME, (byte) 0)];
                entry.get(DIRENT_NAME, name, 0, name.length);
                if (!Names.isDot(name) && !Names.isDotDot(name)) {
                    names.add(name);
                }
            }
        } finally {
            LIBC.closedir(stream);
        }
    }

    /** The target of the symlink {@code name}, as bytes. */
    public static byte[] readlinkat(Fd dir, byte[] name) throws NativeException {
        byte[] path = entry(name);
        for (int size = PATH_MAX; ; size *= 2) {
            byte[] buf = new byte[size];
            long n = LIBC.readlinkat(dir.raw(), path, buf, size);
            if (n < 0) {
                throw new NativeException("readlinkat", Names.join(dir.path(), name), LibC.errno());
            }
            if (n < size) {
                return Arrays.copyOf(buf, (int) n);
            }
        }
    }

    /** {@code name} checked as a single component, NUL-terminated for libc. */
    private static byte[] entry(byte[] name) {
        return CString.of(Names.requireComponent(name));
    }

    private static String twoPaths(Fd oldDir, byte[] oldName, Fd newDir, byte[] newName) {
        String to = oldDir == newDir ? Names.display(newName) : Names.join(newDir.path(), newName);
        return Names.join(oldDir.path(), oldName) + " -> " + to;
    }

    private static void check(int rc, String call, Fd dir, byte[] name) throws NativeException {
        check(rc, call, Names.join(dir.path(), name));
    }

    private static void check(int rc, String call, String path) throws NativeException {
        if (rc != 0) {
            throw new NativeException(call, path, LibC.errno());
        }
    }
}
