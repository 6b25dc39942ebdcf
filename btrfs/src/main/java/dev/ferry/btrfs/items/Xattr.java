package dev.ferry.btrfs.items;

import java.util.Arrays;
import java.util.List;

/**
 * One extended attribute from an XATTR_ITEM (ino, XATTR_ITEM, hash(name)); colliding names share
 * an item. Btrfs properties such as {@code btrfs.compression} are xattrs too.
 */
public record Xattr(Name name, byte[] value) {

    /** All attributes of an XATTR_ITEM body (dir_item layout, name and value). */
    public static List<Xattr> decode(byte[] body) {
        return DirEntry.decode(body).stream().map(e -> new Xattr(e.name(), e.data())).toList();
    }

    /** A copy of the value. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Xattr x && name.equals(x.name) && Arrays.equals(value, x.value);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Xattr[" + name + ", " + value.length + " bytes]";
    }
}
