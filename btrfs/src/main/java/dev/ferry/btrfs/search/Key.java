package dev.ferry.btrfs.search;

/**
 * A btrfs key: (objectid u64, type u8, offset u64). Keys sort lexicographically on the three
 * fields, each compared as an unsigned number, which is how every btrfs tree is ordered.
 *
 * @param objectid the object (inode number, tree id, ...), unsigned
 * @param type     the item type, 0..255 (see {@link ItemType})
 * @param offset   type-specific (parent inode, name hash, file offset, ...), unsigned
 */
public record Key(long objectid, int type, long offset) implements Comparable<Key> {
    /** The smallest key, (0, 0, 0). */
    public static final Key MIN = new Key(0, 0, 0);
    /** The largest key, (2^64-1, 255, 2^64-1). */
    public static final Key MAX = new Key(-1L, 255, -1L);

    public Key {
        if (type < 0 || type > 255) {
            throw new IllegalArgumentException("key type out of range 0..255: " + type);
        }
    }

    /** The first key of {@code objectid}: (objectid, 0, 0). */
    public static Key first(long objectid) {
        return new Key(objectid, 0, 0);
    }

    /** The last key of {@code objectid}: (objectid, 255, max). */
    public static Key last(long objectid) {
        return new Key(objectid, 255, -1L);
    }

    /** The first key of {@code type} for {@code objectid}: (objectid, type, 0). */
    public static Key first(long objectid, int type) {
        return new Key(objectid, type, 0);
    }

    /** The last key of {@code type} for {@code objectid}: (objectid, type, max). */
    public static Key last(long objectid, int type) {
        return new Key(objectid, type, -1L);
    }

    /**
     * The smallest key greater than this one: offset + 1, carrying into type and then objectid,
     * the way btrfs-progs advances a tree search. {@link #MAX} has no successor.
     *
     * @throws IllegalStateException for {@link #MAX}
     */
    public Key next() {
        if (offset != -1L) {
            return new Key(objectid, type, offset + 1);
        }
        if (type != 255) {
            return new Key(objectid, type + 1, 0);
        }
        if (objectid != -1L) {
            return new Key(objectid + 1, 0, 0);
        }
        throw new IllegalStateException("the largest key has no successor");
    }

    public boolean isMax() {
        return equals(MAX);
    }

    @Override
    public int compareTo(Key other) {
        int c = Long.compareUnsigned(objectid, other.objectid);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(type, other.type);
        return c != 0 ? c : Long.compareUnsigned(offset, other.offset);
    }

    /** Like btrfs-progs prints keys: {@code (256 INODE_ITEM 0)}, numbers unsigned. */
    @Override
    public String toString() {
        return "(" + Long.toUnsignedString(objectid) + " " + ItemType.name(type) + " " + Long.toUnsignedString(offset) + ")";
    }
}
