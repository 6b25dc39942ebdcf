package dev.ferry.btrfs;

import dev.ferry.btrfs.internal.CString;
import dev.ferry.btrfs.internal.LibC;
import dev.ferry.btrfs.internal.Names;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Extended attributes in every namespace (user., trusted., security. including
 * security.capability, system.posix_acl_access/default), names and values as bytes.
 *
 * <p>The entry variants ({@code dir}, {@code name}) act on the entry itself, never on what a
 * symlink points to, and never open a device or fifo for I/O: the entry is opened with
 * O_PATH|O_NOFOLLOW and reached through {@code /proc/self/fd/N}, a path that leads to exactly that
 * object. (glibc 2.36 has no *xattrat calls.) The kernel allows only trusted.* and security.*
 * on symlinks: user.* there gives EPERM.
 *
 * <p>Messages name the call as the l*xattr one it stands for, e.g.
 * {@code lsetxattr /mnt/x/link (user.a): EPERM (operation not permitted)}.
 */
public final class Xattrs {
    private static final LibC LIBC = LibC.INSTANCE;
    private static final int ENODATA = 61;
    private static final int ERANGE = 34;

    private Xattrs() {
    }

    /** The value of {@code attr} on {@code dir/name}, empty when it has none. */
    public static Optional<byte[]> get(Fd dir, byte[] name, byte[] attr) throws NativeException {
        try (Fd entry = openPath(dir, name)) {
            byte[] path = procPath(entry);
            return readSized(size -> {
                byte[] buf = new byte[size];
                return new Sized(LIBC.getxattr(path, CString.of(attr), buf, size), buf);
            }, "lgetxattr", subject(entry, attr));
        }
    }

    public static void set(Fd dir, byte[] name, byte[] attr, byte[] value) throws NativeException {
        try (Fd entry = openPath(dir, name)) {
            if (LIBC.setxattr(procPath(entry), CString.of(attr), value, value.length, 0) != 0) {
                throw new NativeException("lsetxattr", subject(entry, attr), LibC.errno());
            }
        }
    }

    public static void remove(Fd dir, byte[] name, byte[] attr) throws NativeException {
        try (Fd entry = openPath(dir, name)) {
            if (LIBC.removexattr(procPath(entry), CString.of(attr)) != 0) {
                throw new NativeException("lremovexattr", subject(entry, attr), LibC.errno());
            }
        }
    }

    /** The attribute names on {@code dir/name}, in the order the file system lists them. */
    public static List<byte[]> list(Fd dir, byte[] name) throws NativeException {
        try (Fd entry = openPath(dir, name)) {
            byte[] path = procPath(entry);
            Optional<byte[]> names = readSized(size -> {
                byte[] buf = new byte[size];
                return new Sized(LIBC.listxattr(path, buf, size), buf);
            }, "llistxattr", entry.path());
            return splitNames(names.orElse(new byte[0]));
        }
    }

    /** As {@link #get(Fd, byte[], byte[])} on an open fd. */
    public static Optional<byte[]> get(Fd fd, byte[] attr) throws NativeException {
        return readSized(size -> {
            byte[] buf = new byte[size];
            return new Sized(LIBC.fgetxattr(fd.raw(), CString.of(attr), buf, size), buf);
        }, "fgetxattr", subject(fd, attr));
    }

    public static void set(Fd fd, byte[] attr, byte[] value) throws NativeException {
        if (LIBC.fsetxattr(fd.raw(), CString.of(attr), value, value.length, 0) != 0) {
            throw new NativeException("fsetxattr", subject(fd, attr), LibC.errno());
        }
    }

    public static void remove(Fd fd, byte[] attr) throws NativeException {
        if (LIBC.fremovexattr(fd.raw(), CString.of(attr)) != 0) {
            throw new NativeException("fremovexattr", subject(fd, attr), LibC.errno());
        }
    }

    public static List<byte[]> list(Fd fd) throws NativeException {
        Optional<byte[]> names = readSized(size -> {
            byte[] buf = new byte[size];
            return new Sized(LIBC.flistxattr(fd.raw(), buf, size), buf);
        }, "flistxattr", fd.path());
        return splitNames(names.orElse(new byte[0]));
    }

    /** One call's result: the byte count (or -1) and the buffer it filled. */
    private record Sized(long length, byte[] buffer) {
    }

    @FunctionalInterface
    private interface SizedCall {
        Sized call(int size);
    }

    /**
     * The usual two-step read: ask the size with a zero-length buffer, then read; again if the
     * value grew in between (ERANGE). ENODATA is "no such attribute".
     */
    private static Optional<byte[]> readSized(SizedCall call, String name, String subject) throws NativeException {
        while (true) {
            Sized probe = call.call(0);
            if (probe.length() < 0) {
                return noDataOrThrow(name, subject);
            }
            if (probe.length() == 0) {
                return Optional.of(new byte[0]);
            }
            Sized read = call.call((int) probe.length());
            if (read.length() >= 0) {
                return Optional.of(Arrays.copyOf(read.buffer(), (int) read.length()));
            }
            if (LibC.errno() != ERANGE) {
                return noDataOrThrow(name, subject);
            }
        }
    }

    private static Optional<byte[]> noDataOrThrow(String name, String subject) throws NativeException {
        int errno = LibC.errno();
        if (errno == ENODATA) {
            return Optional.empty();
        }
        throw new NativeException(name, subject, errno);
    }

    private static List<byte[]> splitNames(byte[] list) {
        List<byte[]> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < list.length; i++) {
            if (list[i] == 0) {
                names.add(Arrays.copyOfRange(list, start, i));
                start = i + 1;
            }
        }
        return names;
    }

    private static Fd openPath(Fd dir, byte[] name) throws NativeException {
        return Posix.openat(dir, name, LibC.O_PATH, 0);
    }

    private static byte[] procPath(Fd entry) {
        return CString.of(("/proc/self/fd/" + entry.raw()).getBytes(StandardCharsets.US_ASCII));
    }

    private static String subject(Fd fd, byte[] attr) {
        return fd.path() + " (" + Names.display(attr) + ")";
    }
}
