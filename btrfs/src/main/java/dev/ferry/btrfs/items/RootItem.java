package dev.ferry.btrfs.items;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * btrfs_root_item (439 bytes), the body of (tree id, ROOT_ITEM, 0 or snapshot otransid) in the
 * root tree. Items written by very old kernels are 239 bytes and lack everything from the uuid
 * on; {@link #hasExtendedFields()} tells, and those fields then read as zero/empty.
 *
 * @param generation   generation of the tree's current root node; balance can bump it on
 *                     read-only snapshots, so it is not a stable snapshot point (use otransid)
 * @param lastSnapshot the transaction of the last snapshot taken <em>of</em> this tree
 * @param flags        root flags; bit 0 = read-only ({@link #FLAG_RDONLY})
 * @param refs         0 for a deleted tree awaiting cleanup
 * @param ctransid     last transaction that changed an inode of this tree
 * @param otransid     the transaction that created this tree
 * @param stransid     for a received subvolume: the sender's ctransid
 * @param rtransid     for a received subvolume: the transaction SET_RECEIVED_SUBVOL ran in
 */
public record RootItem(
        InodeItem inode,
        long generation,
        long rootDirid,
        long bytenr,
        long bytesUsed,
        long lastSnapshot,
        long flags,
        int refs,
        int level,
        boolean hasExtendedFields,
        UUID uuid,
        Optional<UUID> parentUuid,
        Optional<UUID> receivedUuid,
        long ctransid,
        long otransid,
        long stransid,
        long rtransid,
        Instant ctime,
        Instant otime,
        Instant stime,
        Instant rtime) {

    public static final int SIZE = 439;
    public static final int LEGACY_SIZE = 239;
    public static final long FLAG_RDONLY = 1L;

    public static RootItem decode(byte[] body) {
        Bodies.require(body, LEGACY_SIZE, "ROOT_ITEM");
        ByteBuffer b = Bodies.le(body);
        long generation = b.getLong(160);
        boolean extended = body.length >= SIZE && b.getLong(239) == generation;
        ByteBuffer ext = extended ? b : Bodies.le(new byte[SIZE]);
        return new RootItem(
                InodeItem.read(b, 0),
                generation,
                b.getLong(168),
                b.getLong(176),
                b.getLong(192),
                b.getLong(200),
                b.getLong(208),
                b.getInt(216),
                Byte.toUnsignedInt(b.get(238)),
                extended,
                Bodies.uuid(ext, 247),
                Bodies.optionalUuid(ext, 263),
                Bodies.optionalUuid(ext, 279),
                ext.getLong(295),
                ext.getLong(303),
                ext.getLong(311),
                ext.getLong(319),
                Bodies.time(ext, 327),
                Bodies.time(ext, 339),
                Bodies.time(ext, 351),
                Bodies.time(ext, 363));
    }

    public boolean readOnly() {
        return (flags & FLAG_RDONLY) != 0;
    }
}
