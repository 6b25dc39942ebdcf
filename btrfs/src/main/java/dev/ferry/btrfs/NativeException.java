package dev.ferry.btrfs;

import java.io.IOException;

/**
 * A system call or ioctl that failed. The message names the operation, the path it acted on and
 * the errno, e.g. {@code SNAP_CREATE_V2 /mnt/x: EROFS (read-only file system)}.
 */
public class NativeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String path;
    private final int errno;

    public NativeException(String operation, String path, int errno) {
        super(describe(operation, path, errno));
        this.operation = operation;
        this.path = path;
        this.errno = errno;
    }

    private static String describe(String operation, String path, int errno) {
        Errno e = Errno.of(errno);
        String name = e == Errno.UNKNOWN ? "errno " + errno : e.name() + " (" + e.description() + ")";
        return operation + (path == null || path.isEmpty() ? "" : " " + path) + ": " + name;
    }

    /** The operation as named in the message: an ioctl such as SNAP_CREATE_V2 or a syscall such as openat2. */
    public String operation() {
        return operation;
    }

    /** The path the operation acted on, or null. */
    public String path() {
        return path;
    }

    /** The raw errno value. */
    public int errnoValue() {
        return errno;
    }

    public Errno errno() {
        return Errno.of(errno);
    }
}
