package dev.ferry.btrfs.items;

import java.nio.ByteBuffer;

/**
 * btrfs_root_ref, the body of ROOT_REF (parent id, 156, child id) and ROOT_BACKREF (child id,
 * 144, parent id) in the root tree: where a subvolume's entry sits in its parent subvolume.
 *
 * @param dirid    the inode, in the parent subvolume, of the directory that holds the entry
 * @param sequence the entry's DIR_INDEX offset in that directory
 * @param name     the entry's name
 */
public record RootRef(long dirid, long sequence, Name name) {

    public static RootRef decode(byte[] body) {
        Bodies.require(body, 18, "ROOT_REF");
        ByteBuffer b = Bodies.le(body);
        long dirid = b.getLong();
        long sequence = b.getLong();
        int nameLength = Short.toUnsignedInt(b.getShort());
        return new RootRef(dirid, sequence, Name.wrap(Bodies.bytes(b, nameLength, "ROOT_REF name")));
    }
}
