package dev.ferry.btrfs;

import dev.ferry.btrfs.internal.Ioctl;
import dev.ferry.btrfs.internal.Names;
import dev.ferry.btrfs.internal.NativeStruct;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Creating, snapshotting, deleting and flagging subvolumes: the ioctls a receiver uses to make
 * the subvolume it fills and to seal it afterwards.
 *
 * <p>Create, snapshot and delete act on the fd of the <em>parent directory</em> and a single name;
 * names are checked here (no '/', not empty, "." or "..", at most 255 bytes) so a bad name is an
 * {@link IllegalArgumentException} naming the problem instead of a bare errno. Flag and received
 * calls act on the fd of the subvolume's root directory.
 */
public final class Subvolumes {
    /** Whether a new snapshot is read-only. */
    public enum Access { READ_ONLY, WRITABLE }

    /** The inode number of every subvolume's root directory (BTRFS_FIRST_FREE_OBJECTID). */
    public static final long ROOT_DIR_INODE = 256;

    private static final long SNAP_CREATE_V2 = Ioctl.btrfsIow(23, VolArgsV2.SIZE);
    private static final long SUBVOL_CREATE_V2 = Ioctl.btrfsIow(24, VolArgsV2.SIZE);
    private static final long SNAP_DESTROY_V2 = Ioctl.btrfsIow(63, VolArgsV2.SIZE);
    private static final long SUBVOL_GETFLAGS = Ioctl.btrfsIor(25, 8);
    private static final long SUBVOL_SETFLAGS = Ioctl.btrfsIow(26, 8);
    private static final long SET_RECEIVED_SUBVOL = Ioctl.btrfsIowr(37, ReceivedSubvolArgs.SIZE);

    /** BTRFS_SUBVOL_RDONLY, the ioctl flag (the root item's read-only bit is 1 instead). */
    private static final long RDONLY = 1L << 1;
    /** BTRFS_SUBVOL_SPEC_BY_ID: SNAP_DESTROY_V2 names the subvolume by id instead of by name. */
    private static final long SPEC_BY_ID = 1L << 4;
    private static final long FIRST_SUBVOLUME_ID = 256;

    private Subvolumes() {
    }

    /** Creates an empty subvolume at {@code subvolume} (its parent directory must exist). */
    public static void create(Path subvolume) throws NativeException {
        try (Fd parent = openParent(subvolume)) {
            create(parent, nameOf(subvolume));
        }
    }

    /** SUBVOL_CREATE_V2: creates an empty, writable subvolume {@code name} in {@code parentDir}. */
    public static void create(Fd parentDir, byte[] name) throws NativeException {
        ByteBuffer args = VolArgsV2.named(name);
        Ioctl.call(parentDir, "SUBVOL_CREATE_V2", SUBVOL_CREATE_V2, args, Names.join(parentDir.path(), name));
    }

    /** Snapshots the subvolume {@code source} as {@code destination}. */
    public static void snapshot(Path source, Path destination, Access access) throws NativeException {
        try (Fd src = Fd.openDirectory(source); Fd parent = openParent(destination)) {
            snapshot(src, parent, nameOf(destination), access);
        }
    }

    /**
     * SNAP_CREATE_V2: snapshots the subvolume open as {@code source} into {@code parentDir} as
     * {@code name}. The kernel flushes the source's pending writes first.
     */
    public static void snapshot(Fd source, Fd parentDir, byte[] name, Access access) throws NativeException {
        ByteBuffer args = VolArgsV2.named(name);
        args.putLong(VolArgsV2.FD, source.raw());
        args.putLong(VolArgsV2.FLAGS, access == Access.READ_ONLY ? RDONLY : 0);
        Ioctl.call(parentDir, "SNAP_CREATE_V2", SNAP_CREATE_V2, args,
                source.path() + " -> " + Names.join(parentDir.path(), name));
    }

    /** Deletes the subvolume at {@code subvolume}. */
    public static void delete(Path subvolume) throws NativeException {
        try (Fd parent = openParent(subvolume)) {
            delete(parent, nameOf(subvolume));
        }
    }

    /**
     * SNAP_DESTROY_V2 by name. Read-only subvolumes can be deleted too. The entry disappears at
     * once; the kernel's cleaner frees the tree later.
     */
    public static void delete(Fd parentDir, byte[] name) throws NativeException {
        ByteBuffer args = VolArgsV2.named(name);
        Ioctl.call(parentDir, "SNAP_DESTROY_V2", SNAP_DESTROY_V2, args, Names.join(parentDir.path(), name));
    }

    /** SNAP_DESTROY_V2 by subvolume id; {@code anyDir} is any directory of the same filesystem. */
    public static void deleteById(Fd anyDir, long subvolumeId) throws NativeException {
        if (Long.compareUnsigned(subvolumeId, FIRST_SUBVOLUME_ID) < 0) {
            throw new IllegalArgumentException("subvolume id " + subvolumeId + " is not a deletable subvolume (ids start at 256)");
        }
        ByteBuffer args = Ioctl.struct(VolArgsV2.SIZE);
        args.putLong(VolArgsV2.FLAGS, SPEC_BY_ID);
        args.putLong(VolArgsV2.NAME_OR_ID, subvolumeId);
        Ioctl.call(anyDir, "SNAP_DESTROY_V2", SNAP_DESTROY_V2, args, anyDir.path() + " (subvolume id " + subvolumeId + ")");
    }

    public static boolean isReadOnly(Path subvolume) throws NativeException {
        try (Fd fd = Fd.openDirectory(subvolume)) {
            return isReadOnly(fd);
        }
    }

    /** SUBVOL_GETFLAGS; {@code subvolume} must be a subvolume root (EINVAL otherwise). */
    public static boolean isReadOnly(Fd subvolume) throws NativeException {
        return (flags(subvolume) & RDONLY) != 0;
    }

    public static void setReadOnly(Path subvolume, boolean readOnly) throws NativeException {
        try (Fd fd = Fd.openDirectory(subvolume)) {
            setReadOnly(fd, readOnly);
        }
    }

    /**
     * SUBVOL_GETFLAGS then SUBVOL_SETFLAGS with the read-only bit changed. Making a received
     * subvolume writable does not clear its received_uuid; use {@link #setReceived} with
     * {@link ReceivedFrom#cleared()} for that.
     */
    public static void setReadOnly(Fd subvolume, boolean readOnly) throws NativeException {
        long flags = flags(subvolume);
        long wanted = readOnly ? flags | RDONLY : flags & ~RDONLY;
        ByteBuffer arg = Ioctl.struct(8);
        arg.putLong(0, wanted);
        Ioctl.call(subvolume, "SUBVOL_SETFLAGS", SUBVOL_SETFLAGS, arg);
    }

    private static long flags(Fd subvolume) throws NativeException {
        ByteBuffer arg = Ioctl.struct(8);
        Ioctl.call(subvolume, "SUBVOL_GETFLAGS", SUBVOL_GETFLAGS, arg);
        return arg.getLong(0);
    }

    /**
     * SET_RECEIVED_SUBVOL: records where the subvolume came from (received_uuid, stransid, stime)
     * and returns what the kernel stamped (rtransid, rtime). The subvolume must still be writable
     * (EROFS otherwise), so call this before {@link #setReadOnly}; sync first so no delayed
     * allocation lands after the seal.
     */
    public static ReceivedAt setReceived(Fd subvolume, ReceivedFrom from) throws NativeException {
        ByteBuffer args = Ioctl.struct(ReceivedSubvolArgs.SIZE);
        NativeStruct.putUuid(args, ReceivedSubvolArgs.UUID, from.uuid());
        args.putLong(ReceivedSubvolArgs.STRANSID, from.stransid());
        NativeStruct.putBtrfsTimespec(args, ReceivedSubvolArgs.STIME, from.stime());
        Ioctl.call(subvolume, "SET_RECEIVED_SUBVOL", SET_RECEIVED_SUBVOL, args);
        return new ReceivedAt(args.getLong(ReceivedSubvolArgs.RTRANSID),
                NativeStruct.btrfsTimespec(args, ReceivedSubvolArgs.RTIME));
    }

    /**
     * Whether {@code path} is the root directory of a btrfs subvolume: a directory with inode
     * number 256 on a btrfs file system (the test btrfs-progs uses). A symlink is not followed.
     */
    public static boolean isSubvolume(Path path) throws NativeException {
        try (Fd parent = openParent(path)) {
            FileStat stat = Posix.lstatat(parent, nameOf(path));
            if (!stat.isDirectory() || stat.inode() != ROOT_DIR_INODE) {
                return false;
            }
        }
        try (Fd dir = Fd.openDirectory(path)) {
            return Filesystem.isBtrfs(dir);
        }
    }

    private static Fd openParent(Path path) throws NativeException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IllegalArgumentException(path + " has no parent directory");
        }
        return Fd.openDirectory(parent);
    }

    private static byte[] nameOf(Path path) {
        Path name = path.toAbsolutePath().getFileName();
        if (name == null) {
            throw new IllegalArgumentException(path + " has no name");
        }
        return Names.bytes(name.toString());
    }

    /** btrfs_ioctl_vol_args_v2, 4096 bytes. */
    private static final class VolArgsV2 {
        static final int SIZE = 4096;
        static final int FD = 0;
        static final int FLAGS = 16;
        static final int NAME_OR_ID = 56;

        static ByteBuffer named(byte[] name) {
            Names.requireComponent(name);
            ByteBuffer args = Ioctl.struct(SIZE);
            NativeStruct.putCString(args, NAME_OR_ID, name);
            return args;
        }
    }

    /** btrfs_ioctl_received_subvol_args, 200 bytes. */
    private static final class ReceivedSubvolArgs {
        static final int SIZE = 200;
        static final int UUID = 0;
        static final int STRANSID = 16;
        static final int RTRANSID = 24;
        static final int STIME = 32;
        static final int RTIME = 48;
    }
}
