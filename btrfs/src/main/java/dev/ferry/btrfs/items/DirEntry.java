package dev.ferry.btrfs.items;

import dev.ferry.btrfs.search.ItemType;
import dev.ferry.btrfs.search.Key;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One entry of a btrfs_dir_item, the layout shared by DIR_ITEM (dir, 84, name hash), DIR_INDEX
 * (dir, 96, index) and XATTR_ITEM (ino, 24, name hash). A DIR_ITEM or XATTR_ITEM holds several
 * entries when their name hashes collide; a DIR_INDEX holds one.
 *
 * @param location  the target: (ino, INODE_ITEM, 0) for an inode, (subvolume id, ROOT_ITEM, 0)
 *                  for a subvolume entry, all zeros for an xattr
 * @param transid   the transaction the entry was created in
 * @param type      the BTRFS_FT_* file type, encryption bit masked off (see the {@code FT_} constants)
 * @param encrypted whether the entry's name is encrypted (type bit 0x80)
 * @param data      the xattr value; empty for directory entries
 */
public record DirEntry(Key location, long transid, int type, boolean encrypted, Name name, byte[] data) {
    public static final int FT_UNKNOWN = 0;
    public static final int FT_REG_FILE = 1;
    public static final int FT_DIR = 2;
    public static final int FT_CHRDEV = 3;
    public static final int FT_BLKDEV = 4;
    public static final int FT_FIFO = 5;
    public static final int FT_SOCK = 6;
    public static final int FT_SYMLINK = 7;
    public static final int FT_XATTR = 8;

    private static final int HEADER_SIZE = 30;
    private static final int ENCRYPTED = 0x80;

    /** All entries of a DIR_ITEM, DIR_INDEX or XATTR_ITEM body. */
    public static List<DirEntry> decode(byte[] body) {
        ByteBuffer b = Bodies.le(body);
        List<DirEntry> entries = new ArrayList<>();
        while (b.hasRemaining()) {
            Bodies.require(b, HEADER_SIZE, "dir item header");
            Key location = Bodies.diskKey(b);
            long transid = b.getLong();
            int dataLength = Short.toUnsignedInt(b.getShort());
            int nameLength = Short.toUnsignedInt(b.getShort());
            int type = Byte.toUnsignedInt(b.get());
            Name name = Name.wrap(Bodies.bytes(b, nameLength, "dir item name"));
            byte[] data = Bodies.bytes(b, dataLength, "dir item data");
            entries.add(new DirEntry(location, transid, type & ~ENCRYPTED, (type & ENCRYPTED) != 0, name, data));
        }
        return List.copyOf(entries);
    }

    /** Whether the entry names a subvolume (its location is a ROOT_ITEM key) rather than an inode. */
    public boolean isSubvolume() {
        return location.type() == ItemType.ROOT_ITEM;
    }

    /** The xattr value or dir data; a copy. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DirEntry e && location.equals(e.location) && transid == e.transid && type == e.type
                && encrypted == e.encrypted && name.equals(e.name) && Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
        return (location.hashCode() * 31 + name.hashCode()) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "DirEntry[" + name + " -> " + location + ", type " + type + ", transid " + transid
                + (data.length > 0 ? ", " + data.length + " data bytes" : "") + "]";
    }
}
