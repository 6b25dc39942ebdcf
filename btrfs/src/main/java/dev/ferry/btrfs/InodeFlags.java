package dev.ferry.btrfs;

import dev.ferry.btrfs.internal.Ioctl;
import java.nio.ByteBuffer;

/**
 * The chattr flags of a file (FS_IOC_GETFLAGS / FS_IOC_SETFLAGS), as FS_*_FL bits. Works on
 * btrfs, ext4, xfs and others, each accepting its own subset (EOPNOTSUPP or EINVAL otherwise).
 * The ioctls are declared with a long argument but the kernel reads and writes an int.
 */
public final class InodeFlags {
    public static final int FS_SYNC_FL = 0x00000008;
    public static final int FS_IMMUTABLE_FL = 0x00000010;
    public static final int FS_APPEND_FL = 0x00000020;
    public static final int FS_NODUMP_FL = 0x00000040;
    public static final int FS_NOATIME_FL = 0x00000080;
    public static final int FS_COMPR_FL = 0x00000004;
    public static final int FS_NOCOMP_FL = 0x00000400;
    public static final int FS_DIRSYNC_FL = 0x00010000;
    public static final int FS_NOCOW_FL = 0x00800000;

    private static final long GETFLAGS = Ioctl.ior('f', 1, 8);
    private static final long SETFLAGS = Ioctl.iow('f', 2, 8);

    private InodeFlags() {
    }

    /** FS_IOC_GETFLAGS on an open regular file or directory. */
    public static int get(Fd fd) throws NativeException {
        ByteBuffer arg = Ioctl.struct(8);
        Ioctl.call(fd, "FS_IOC_GETFLAGS", GETFLAGS, arg);
        return arg.getInt(0);
    }

    /**
     * Whether {@code e}, from {@link #get} or {@link #set}, says the file system has no such flags
     * (ENOTTY, EOPNOTSUPP) or refuses these (EINVAL), rather than that the call failed.
     */
    public static boolean unsupported(NativeException e) {
        return e.errno() == Errno.ENOTTY || e.errno() == Errno.EOPNOTSUPP || e.errno() == Errno.EINVAL;
    }

    /** FS_IOC_SETFLAGS: replaces all flags with {@code flags}. */
    public static void set(Fd fd, int flags) throws NativeException {
        ByteBuffer arg = Ioctl.struct(8);
        arg.putInt(0, flags);
        Ioctl.call(fd, "FS_IOC_SETFLAGS", SETFLAGS, arg);
    }
}
