package dev.ferry.send;

import java.util.Comparator;

/**
 * An inode's identity across the parent and the snapshot: its number and its generation (the
 * transaction that created it). The same number with another generation is another inode.
 * The subvolume root is always {@link #ROOT}, whatever its generation.
 */
public record InodeId(long ino, long generation) implements Comparable<InodeId> {
    public static final InodeId ROOT = new InodeId(InodeState.ROOT_DIR, 0);

    private static final Comparator<InodeId> ORDER = Comparator.comparing(InodeId::ino, Long::compareUnsigned)
            .thenComparing(InodeId::generation, Long::compareUnsigned);

    public static InodeId of(long ino, long generation) {
        return ino == InodeState.ROOT_DIR ? ROOT : new InodeId(ino, generation);
    }

    public boolean isRoot() {
        return ino == InodeState.ROOT_DIR;
    }

    @Override
    public int compareTo(InodeId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(ino) + "-" + Long.toUnsignedString(generation);
    }
}
