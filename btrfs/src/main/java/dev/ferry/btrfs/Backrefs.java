package dev.ferry.btrfs;

import dev.ferry.btrfs.internal.Ioctl;
import dev.ferry.btrfs.internal.NativeStruct;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Who refers to what: INO_PATHS (every path of an inode) and LOGICAL_INO_V2 (every inode that
 * maps a data extent). Both answer in a btrfs_data_container the argument struct points at.
 * Both need CAP_DAC_READ_SEARCH / CAP_SYS_ADMIN.
 */
public final class Backrefs {
    private static final int ARGS_SIZE = 56;
    private static final long INO_PATHS = Ioctl.btrfsIowr(35, ARGS_SIZE);
    private static final long LOGICAL_INO_V2 = Ioctl.btrfsIowr(59, ARGS_SIZE);

    // btrfs_ioctl_ino_path_args and btrfs_ioctl_logical_ino_args: u64 inum/logical, u64 size, ..., ptr at 48
    private static final int KEY = 0;
    private static final int SIZE = 8;
    private static final int LOGICAL_FLAGS = 40;
    private static final int CONTAINER_POINTER = 48;
    private static final long IGNORE_OFFSET = 1;

    // btrfs_data_container
    private static final int BYTES_MISSING = 4;
    private static final int ELEM_CNT = 8;
    private static final int ELEM_MISSED = 12;
    private static final int VAL = 16;

    /** The kernel answers INO_PATHS in at most 4 KiB. */
    private static final int INO_PATHS_CONTAINER = 4096;
    private static final int LOGICAL_INO_FIRST_CONTAINER = 64 * 1024;
    /** LOGICAL_INO_V2 clamps its buffer to 16 MiB. */
    private static final int LOGICAL_INO_MAX_CONTAINER = 16 * 1024 * 1024;

    private Backrefs() {
    }

    /** INO_PATHS: the paths of {@code inode} in the subvolume {@code subvolume} is in, relative to its root. */
    public static InodePaths pathsOf(Fd subvolume, long inode) throws NativeException {
        ByteBuffer container = Ioctl.struct(INO_PATHS_CONTAINER);
        ByteBuffer args = Ioctl.struct(ARGS_SIZE);
        args.putLong(KEY, inode);
        args.putLong(SIZE, INO_PATHS_CONTAINER);
        args.putLong(CONTAINER_POINTER, NativeStruct.address(container));
        try {
            Ioctl.call(subvolume, "INO_PATHS", INO_PATHS, args, subvolume.path() + " (inode " + inode + ")");
        } finally {
            Reference.reachabilityFence(container);
        }
        // val[i] is the offset of the i-th NUL-terminated path, counted from the start of val[].
        int count = container.getInt(ELEM_CNT);
        List<byte[]> paths = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int start = VAL + (int) container.getLong(VAL + 8 * i);
            paths.add(cString(container, start));
        }
        return new InodePaths(inode, paths, Integer.toUnsignedLong(container.getInt(ELEM_MISSED)));
    }

    /**
     * LOGICAL_INO_V2: the references to the data at logical address {@code logical} (a
     * disk_bytenr-space address, e.g. from FIEMAP or a file extent item): only those whose file
     * extent covers exactly that byte of the extent.
     */
    public static List<ExtentReference> referencesAt(Fd anyFd, long logical) throws NativeException {
        return logicalIno(anyFd, logical, 0);
    }

    /**
     * LOGICAL_INO_V2 with IGNORE_OFFSET: every reference to the extent that starts at
     * {@code extentStart}, whichever part of it a file maps (what dedupe and clone produce).
     */
    public static List<ExtentReference> referencesToExtent(Fd anyFd, long extentStart) throws NativeException {
        return logicalIno(anyFd, extentStart, IGNORE_OFFSET);
    }

    private static List<ExtentReference> logicalIno(Fd anyFd, long logical, long flags) throws NativeException {
        int size = LOGICAL_INO_FIRST_CONTAINER;
        while (true) {
            ByteBuffer container = Ioctl.struct(size);
            ByteBuffer args = Ioctl.struct(ARGS_SIZE);
            args.putLong(KEY, logical);
            args.putLong(SIZE, size);
            args.putLong(LOGICAL_FLAGS, flags);
            args.putLong(CONTAINER_POINTER, NativeStruct.address(container));
            try {
                Ioctl.call(anyFd, "LOGICAL_INO_V2", LOGICAL_INO_V2, args,
                        anyFd.path() + " (logical " + Long.toUnsignedString(logical) + ")");
            } finally {
                Reference.reachabilityFence(container);
            }
            long missing = Integer.toUnsignedLong(container.getInt(BYTES_MISSING));
            if (missing == 0 || size == LOGICAL_INO_MAX_CONTAINER) {
                return triples(container);
            }
            size = (int) Math.min(LOGICAL_INO_MAX_CONTAINER, size + missing);
        }
    }

    /** val[] holds (inode, offset, root) triples; elem_cnt counts u64s. */
    private static List<ExtentReference> triples(ByteBuffer container) {
        int values = container.getInt(ELEM_CNT);
        List<ExtentReference> refs = new ArrayList<>(values / 3);
        for (int i = 0; i + 2 < values; i += 3) {
            int at = VAL + 8 * i;
            refs.add(new ExtentReference(container.getLong(at), container.getLong(at + 8), container.getLong(at + 16)));
        }
        return refs;
    }

    private static byte[] cString(ByteBuffer buf, int start) {
        int end = start;
        while (end < buf.capacity() && buf.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        buf.get(start, bytes);
        return bytes;
    }
}
