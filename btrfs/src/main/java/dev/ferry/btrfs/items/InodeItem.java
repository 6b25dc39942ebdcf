package dev.ferry.btrfs.items;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * btrfs_inode_item (160 bytes), the body of (ino, INODE_ITEM, 0) and the first part of a root item.
 *
 * @param generation the transaction the inode was <em>created</em> in; never changes
 * @param transid    the transaction this item was last written in (any change, atime included)
 * @param size       i_size; for directories 2 × the sum of the entry name lengths
 * @param nbytes     bytes charged to the file
 * @param flags      low 32 bits: BTRFS_INODE_* flags; high 32 bits: read-only-compat flags (verity)
 * @param sequence   the inode's change counter (i_version); not bumped by atime updates
 * @param otime      creation (birth) time
 */
public record InodeItem(
        long generation,
        long transid,
        long size,
        long nbytes,
        long blockGroup,
        int nlink,
        int uid,
        int gid,
        int mode,
        long rdev,
        long flags,
        long sequence,
        Instant atime,
        Instant ctime,
        Instant mtime,
        Instant otime) {

    public static final int SIZE = 160;

    public static final long FLAG_NODATASUM = 1L << 0;
    public static final long FLAG_NODATACOW = 1L << 1;
    public static final long FLAG_READONLY = 1L << 2;
    public static final long FLAG_NOCOMPRESS = 1L << 3;
    public static final long FLAG_PREALLOC = 1L << 4;
    public static final long FLAG_SYNC = 1L << 5;
    public static final long FLAG_IMMUTABLE = 1L << 6;
    public static final long FLAG_APPEND = 1L << 7;
    public static final long FLAG_NODUMP = 1L << 8;
    public static final long FLAG_NOATIME = 1L << 9;
    public static final long FLAG_DIRSYNC = 1L << 10;
    public static final long FLAG_COMPRESS = 1L << 11;
    /** Read-only-compat flag in the high word: the file has fs-verity. */
    public static final long FLAG_RO_VERITY = 1L << 32;

    public static InodeItem decode(byte[] body) {
        Bodies.require(body, SIZE, "INODE_ITEM");
        return read(Bodies.le(body), 0);
    }

    /** Reads an inode item starting at {@code at} (also used inside root items). */
    static InodeItem read(ByteBuffer b, int at) {
        return new InodeItem(
                b.getLong(at),
                b.getLong(at + 8),
                b.getLong(at + 16),
                b.getLong(at + 24),
                b.getLong(at + 32),
                b.getInt(at + 40),
                b.getInt(at + 44),
                b.getInt(at + 48),
                b.getInt(at + 52),
                b.getLong(at + 56),
                b.getLong(at + 64),
                b.getLong(at + 72),
                Bodies.time(b, at + 112),
                Bodies.time(b, at + 124),
                Bodies.time(b, at + 136),
                Bodies.time(b, at + 148));
    }

    public boolean isDirectory() {
        return (mode & 0170000) == 0040000;
    }

    public boolean isRegularFile() {
        return (mode & 0170000) == 0100000;
    }

    public boolean isSymlink() {
        return (mode & 0170000) == 0120000;
    }
}
