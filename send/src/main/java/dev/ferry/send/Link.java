package dev.ferry.send;

import dev.ferry.btrfs.items.Name;
import java.util.Comparator;

/**
 * One name of an inode: entry {@code name} in directory inode {@code parent} of the same tree
 * (from an INODE_REF or INODE_EXTREF item). Ordered by parent, then name bytes.
 */
public record Link(long parent, Name name) implements Comparable<Link> {
    private static final Comparator<Link> ORDER =
            Comparator.comparing(Link::parent, Long::compareUnsigned).thenComparing(Link::name);

    @Override
    public int compareTo(Link other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(parent) + "/" + name;
    }
}
