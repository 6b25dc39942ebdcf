package dev.ferry.btrfs.internal;

import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.SubvolumeInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/** GET_SUBVOL_INFO and INO_LOOKUP: the struct layouts and the calls. */
public final class SubvolIoctls {
    private SubvolIoctls() {
    }

    static final long GET_SUBVOL_INFO = Ioctl.btrfsIor(60, 504);
    static final long INO_LOOKUP = Ioctl.btrfsIowr(18, 4096);

    // struct btrfs_ioctl_get_subvol_info_args (504 bytes)
    private static final int INFO_SIZE = 504;
    private static final int TREEID = 0;
    private static final int NAME = 8;
    private static final int NAME_SIZE = 256;
    private static final int PARENT_ID = 264;
    private static final int DIRID = 272;
    private static final int GENERATION = 280;
    private static final int FLAGS = 288;
    private static final int UUID_ = 296;
    private static final int PARENT_UUID = 312;
    private static final int RECEIVED_UUID = 328;
    private static final int CTRANSID = 344;
    private static final int OTRANSID = 352;
    private static final int STRANSID = 360;
    private static final int RTRANSID = 368;
    private static final int CTIME = 376;
    private static final int OTIME = 392;
    private static final int STIME = 408;
    private static final int RTIME = 424;
    private static final long ROOT_SUBVOL_RDONLY = 1;

    // struct btrfs_ioctl_ino_lookup_args (4096 bytes)
    private static final int LOOKUP_SIZE = 4096;
    private static final int LOOKUP_TREEID = 0;
    private static final int LOOKUP_OBJECTID = 8;
    private static final int LOOKUP_NAME = 16;

    /**
     * GET_SUBVOL_INFO on the subvolume {@code fd} is in (no privilege needed). The result's
     * {@code path} is the given one: the ioctl does not know the path from the top level.
     */
    public static SubvolumeInfo getSubvolInfo(Fd fd, String path) throws NativeException {
        ByteBuffer a = Ioctl.struct(INFO_SIZE);
        Ioctl.call(fd, "GET_SUBVOL_INFO", GET_SUBVOL_INFO, a);
        return new SubvolumeInfo(
                a.getLong(TREEID),
                a.getLong(PARENT_ID),
                a.getLong(DIRID),
                cString(a, NAME, NAME_SIZE),
                path,
                uuid(a, UUID_),
                optionalUuid(a, PARENT_UUID),
                optionalUuid(a, RECEIVED_UUID),
                a.getLong(GENERATION),
                a.getLong(CTRANSID),
                a.getLong(OTRANSID),
                a.getLong(STRANSID),
                a.getLong(RTRANSID),
                time(a, CTIME),
                time(a, OTIME),
                time(a, STIME),
                time(a, RTIME),
                (a.getLong(FLAGS) & ROOT_SUBVOL_RDONLY) != 0);
    }

    /**
     * INO_LOOKUP: the path of inode {@code objectid} relative to the root of subvolume
     * {@code treeId} (0 = the fd's), with the kernel's trailing '/' for directories removed;
     * "" for the root directory (256). Needs CAP_SYS_ADMIN unless objectid is 256.
     */
    public static byte[] inoLookup(Fd fd, long treeId, long objectid) throws NativeException {
        ByteBuffer a = Ioctl.struct(LOOKUP_SIZE);
        a.putLong(LOOKUP_TREEID, treeId);
        a.putLong(LOOKUP_OBJECTID, objectid);
        Ioctl.call(fd, "INO_LOOKUP", INO_LOOKUP, a);
        byte[] name = cBytes(a, LOOKUP_NAME, LOOKUP_SIZE - LOOKUP_NAME);
        int length = name.length > 0 && name[name.length - 1] == '/' ? name.length - 1 : name.length;
        return Arrays.copyOf(name, length);
    }

    /** INO_LOOKUP of the root directory: the id of the subvolume {@code fd} is in (no privilege needed). */
    public static long subvolumeId(Fd fd) throws NativeException {
        ByteBuffer a = Ioctl.struct(LOOKUP_SIZE);
        a.putLong(LOOKUP_OBJECTID, 256);
        Ioctl.call(fd, "INO_LOOKUP", INO_LOOKUP, a);
        return a.getLong(LOOKUP_TREEID);
    }

    private static byte[] cBytes(ByteBuffer a, int offset, int capacity) {
        int length = 0;
        while (length < capacity && a.get(offset + length) != 0) {
            length++;
        }
        byte[] bytes = new byte[length];
        a.get(offset, bytes);
        return bytes;
    }

    private static String cString(ByteBuffer a, int offset, int capacity) {
        return new String(cBytes(a, offset, capacity), StandardCharsets.UTF_8);
    }

    private static UUID uuid(ByteBuffer a, int offset) {
        ByteBuffer big = a.duplicate().order(ByteOrder.BIG_ENDIAN);
        return new UUID(big.getLong(offset), big.getLong(offset + 8));
    }

    private static Optional<UUID> optionalUuid(ByteBuffer a, int offset) {
        UUID u = uuid(a, offset);
        return u.getMostSignificantBits() == 0 && u.getLeastSignificantBits() == 0 ? Optional.empty() : Optional.of(u);
    }

    /** struct btrfs_ioctl_timespec: u64 sec, u32 nsec, 4 bytes padding. */
    private static Instant time(ByteBuffer a, int offset) {
        return Instant.ofEpochSecond(a.getLong(offset), Integer.toUnsignedLong(a.getInt(offset + 8)));
    }
}
