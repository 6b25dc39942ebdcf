package dev.ferry.btrfs;

import dev.ferry.btrfs.internal.Names;
import java.util.List;

/**
 * The paths of one inode (one per hard link), relative to its subvolume's root, as INO_PATHS
 * returns them; {@code missed} counts paths that did not fit in the kernel's 4 KiB answer.
 */
public record InodePaths(long inode, List<byte[]> paths, long missed) {
    public InodePaths {
        paths = List.copyOf(paths);
    }

    /** Whether every path of the inode is in {@link #paths()}. */
    public boolean complete() {
        return missed == 0;
    }

    /** The paths as text, for messages and tests. */
    public List<String> displayed() {
        return paths.stream().map(Names::display).toList();
    }
}
