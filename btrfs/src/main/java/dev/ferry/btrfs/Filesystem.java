package dev.ferry.btrfs;

import dev.ferry.btrfs.internal.Ioctl;
import dev.ferry.btrfs.internal.LibC;
import dev.ferry.btrfs.internal.NativeStruct;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalLong;

/** Whole-filesystem btrfs ioctls: FS_INFO and the transaction commit calls. Any fd on the filesystem will do. */
public final class Filesystem {
    /** statfs f_type of btrfs. */
    public static final long BTRFS_SUPER_MAGIC = 0x9123683EL;

    private static final int FS_INFO_SIZE = 1024;
    private static final long FS_INFO = Ioctl.btrfsIor(31, FS_INFO_SIZE);
    private static final long SYNC = Ioctl.btrfsIo(8);
    private static final long START_SYNC = Ioctl.btrfsIor(24, 8);
    private static final long WAIT_SYNC = Ioctl.btrfsIow(22, 8);

    // btrfs_ioctl_fs_info_args
    private static final int MAX_ID = 0;
    private static final int NUM_DEVICES = 8;
    private static final int FSID = 16;
    private static final int NODESIZE = 32;
    private static final int SECTORSIZE = 36;
    private static final int CLONE_ALIGNMENT = 40;
    private static final int CSUM_TYPE = 44;
    private static final int CSUM_SIZE = 46;
    private static final int FLAGS = 48;
    private static final int GENERATION = 56;
    private static final int METADATA_UUID = 64;
    private static final long FLAG_CSUM_INFO = 1;
    private static final long FLAG_GENERATION = 2;
    private static final long FLAG_METADATA_UUID = 4;

    private static final int STATFS_SIZE = 120;

    private Filesystem() {
    }

    /** FS_INFO, asking for checksum info, generation and metadata uuid; fields the kernel did not honour are empty. */
    public static FilesystemInfo info(Fd anyFd) throws NativeException {
        ByteBuffer args = Ioctl.struct(FS_INFO_SIZE);
        args.putLong(FLAGS, FLAG_CSUM_INFO | FLAG_GENERATION | FLAG_METADATA_UUID);
        Ioctl.call(anyFd, "FS_INFO", FS_INFO, args);
        long honoured = args.getLong(FLAGS);
        boolean csum = (honoured & FLAG_CSUM_INFO) != 0;
        return new FilesystemInfo(
                NativeStruct.uuid(args, FSID),
                args.getLong(NUM_DEVICES),
                args.getLong(MAX_ID),
                args.getInt(NODESIZE),
                args.getInt(SECTORSIZE),
                args.getInt(CLONE_ALIGNMENT),
                csum ? Optional.of(Short.toUnsignedInt(args.getShort(CSUM_TYPE))) : Optional.empty(),
                csum ? Short.toUnsignedInt(args.getShort(CSUM_SIZE)) : 0,
                (honoured & FLAG_GENERATION) != 0 ? OptionalLong.of(args.getLong(GENERATION)) : OptionalLong.empty(),
                (honoured & FLAG_METADATA_UUID) != 0 ? Optional.of(NativeStruct.uuid(args, METADATA_UUID)) : Optional.empty());
    }

    /** BTRFS_IOC_SYNC: flushes delayed allocation and commits the transaction, synchronously. */
    public static void sync(Fd anyFd) throws NativeException {
        Ioctl.call(anyFd, "SYNC", SYNC, 0L);
    }

    /** START_SYNC: starts committing the current transaction and returns its transid, without waiting. */
    public static long startSync(Fd anyFd) throws NativeException {
        ByteBuffer transid = Ioctl.struct(8);
        Ioctl.call(anyFd, "START_SYNC", START_SYNC, transid);
        return transid.getLong(0);
    }

    /** WAIT_SYNC: waits until transaction {@code transid} is committed (0 = the current one). */
    public static void waitSync(Fd anyFd, long transid) throws NativeException {
        ByteBuffer arg = Ioctl.struct(8);
        arg.putLong(0, transid);
        Ioctl.call(anyFd, "WAIT_SYNC", WAIT_SYNC, arg);
    }

    /** Whether {@code fd} is on a btrfs (fstatfs f_type). */
    public static boolean isBtrfs(Fd fd) throws NativeException {
        ByteBuffer statfs = Ioctl.struct(STATFS_SIZE);
        if (LibC.INSTANCE.fstatfs(fd.raw(), statfs) != 0) {
            throw new NativeException("fstatfs", fd.path(), LibC.errno());
        }
        return statfs.getLong(0) == BTRFS_SUPER_MAGIC;
    }
}
