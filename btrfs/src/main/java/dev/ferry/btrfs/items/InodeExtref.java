package dev.ferry.btrfs.items;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One name of an inode from an INODE_EXTREF item (ino, INODE_EXTREF, hash(parent, name)), used
 * once the INODE_REF item for that directory is full. Entries whose hashes collide share an item.
 *
 * @param parent the inode number of the directory holding the name
 * @param index  the name's DIR_INDEX offset in that directory
 */
public record InodeExtref(long parent, long index, Name name) {

    /** All entries of an INODE_EXTREF body: u64 parent, u64 index, u16 name_len, name, repeated. */
    public static List<InodeExtref> decode(byte[] body) {
        ByteBuffer b = Bodies.le(body);
        List<InodeExtref> refs = new ArrayList<>();
        while (b.hasRemaining()) {
            Bodies.require(b, 18, "INODE_EXTREF entry");
            long parent = b.getLong();
            long index = b.getLong();
            int nameLength = Short.toUnsignedInt(b.getShort());
            refs.add(new InodeExtref(parent, index, Name.wrap(Bodies.bytes(b, nameLength, "INODE_EXTREF name"))));
        }
        return List.copyOf(refs);
    }
}
