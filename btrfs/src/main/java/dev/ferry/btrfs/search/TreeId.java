package dev.ferry.btrfs.search;

/** Well-known tree (root) ids and reserved object ids (kernel {@code btrfs_tree.h}). */
public final class TreeId {
    private TreeId() {
    }

    /** The tree of the subvolume the search's file descriptor is in. */
    public static final long OF_FD = 0;
    public static final long ROOT_TREE = 1;
    public static final long EXTENT_TREE = 2;
    public static final long CHUNK_TREE = 3;
    public static final long DEV_TREE = 4;
    /** The top-level subvolume. */
    public static final long FS_TREE = 5;
    /** The objectid of the directory in the root tree that holds the {@code default} entry. */
    public static final long ROOT_TREE_DIR = 6;
    public static final long CSUM_TREE = 7;
    public static final long QUOTA_TREE = 8;
    public static final long UUID_TREE = 9;
    public static final long FREE_SPACE_TREE = 10;
    public static final long BLOCK_GROUP_TREE = 11;

    /** The first id of a subvolume tree, and the inode number of every subvolume's root directory. */
    public static final long FIRST_FREE_OBJECTID = 256;
    /** The last id usable for a subvolume tree or inode: -256 as u64. */
    public static final long LAST_FREE_OBJECTID = -256L;
    /** Objectid of orphan items: -5 as u64. */
    public static final long ORPHAN_OBJECTID = -5L;
}
