package dev.ferry.btrfs.items;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One name of an inode in a directory, from an INODE_REF item (ino, INODE_REF, parent dir ino).
 * One item holds all the inode's names (hard links) in that one directory.
 *
 * @param index the name's DIR_INDEX offset in the parent directory
 */
public record InodeRef(long index, Name name) {

    /** All entries of an INODE_REF body: u64 index, u16 name_len, name, repeated. */
    public static List<InodeRef> decode(byte[] body) {
        ByteBuffer b = Bodies.le(body);
        List<InodeRef> refs = new ArrayList<>();
        while (b.hasRemaining()) {
            Bodies.require(b, 10, "INODE_REF entry");
            long index = b.getLong();
            int nameLength = Short.toUnsignedInt(b.getShort());
            refs.add(new InodeRef(index, Name.wrap(Bodies.bytes(b, nameLength, "INODE_REF name"))));
        }
        return List.copyOf(refs);
    }
}
