package dev.ferry.btrfs.search;

import java.util.Map;

/** Item type numbers, the middle field of a {@link Key} (kernel {@code btrfs_tree.h}). */
public final class ItemType {
    private ItemType() {
    }

    public static final int INODE_ITEM = 1;
    public static final int INODE_REF = 12;
    public static final int INODE_EXTREF = 13;
    public static final int XATTR_ITEM = 24;
    public static final int VERITY_DESC_ITEM = 36;
    public static final int VERITY_MERKLE_ITEM = 37;
    public static final int ORPHAN_ITEM = 48;
    public static final int DIR_LOG_ITEM = 60;
    public static final int DIR_LOG_INDEX = 72;
    public static final int DIR_ITEM = 84;
    public static final int DIR_INDEX = 96;
    public static final int EXTENT_DATA = 108;
    public static final int EXTENT_CSUM = 128;
    public static final int ROOT_ITEM = 132;
    public static final int ROOT_BACKREF = 144;
    public static final int ROOT_REF = 156;
    public static final int EXTENT_ITEM = 168;
    public static final int METADATA_ITEM = 169;
    public static final int BLOCK_GROUP_ITEM = 192;
    public static final int UUID_KEY_SUBVOL = 251;
    public static final int UUID_KEY_RECEIVED_SUBVOL = 252;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(INODE_ITEM, "INODE_ITEM"),
            Map.entry(INODE_REF, "INODE_REF"),
            Map.entry(INODE_EXTREF, "INODE_EXTREF"),
            Map.entry(XATTR_ITEM, "XATTR_ITEM"),
            Map.entry(VERITY_DESC_ITEM, "VERITY_DESC_ITEM"),
            Map.entry(VERITY_MERKLE_ITEM, "VERITY_MERKLE_ITEM"),
            Map.entry(ORPHAN_ITEM, "ORPHAN_ITEM"),
            Map.entry(DIR_LOG_ITEM, "DIR_LOG_ITEM"),
            Map.entry(DIR_LOG_INDEX, "DIR_LOG_INDEX"),
            Map.entry(DIR_ITEM, "DIR_ITEM"),
            Map.entry(DIR_INDEX, "DIR_INDEX"),
            Map.entry(EXTENT_DATA, "EXTENT_DATA"),
            Map.entry(EXTENT_CSUM, "EXTENT_CSUM"),
            Map.entry(ROOT_ITEM, "ROOT_ITEM"),
            Map.entry(ROOT_BACKREF, "ROOT_BACKREF"),
            Map.entry(ROOT_REF, "ROOT_REF"),
            Map.entry(EXTENT_ITEM, "EXTENT_ITEM"),
            Map.entry(METADATA_ITEM, "METADATA_ITEM"),
            Map.entry(BLOCK_GROUP_ITEM, "BLOCK_GROUP_ITEM"),
            Map.entry(UUID_KEY_SUBVOL, "UUID_KEY_SUBVOL"),
            Map.entry(UUID_KEY_RECEIVED_SUBVOL, "UUID_KEY_RECEIVED_SUBVOL"));

    /** The type's name as btrfs-progs prints it, or {@code UNKNOWN.<n>}. */
    public static String name(int type) {
        return NAMES.getOrDefault(type, "UNKNOWN." + type);
    }
}
