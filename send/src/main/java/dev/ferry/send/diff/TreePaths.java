package dev.ferry.send.diff;

import dev.ferry.btrfs.NativeException;
import dev.ferry.send.InodeState;
import dev.ferry.send.Link;
import dev.ferry.send.SnapshotView;
import dev.ferry.stream.ByteString;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The paths of names in one tree (P or S), from the root down. Directory paths are memoized and
 * directories the change set already read are not read again, so resolving the names of a change
 * costs about one inode read per directory the change touches.
 */
final class TreePaths {
    private static final ByteString ROOT = ByteString.EMPTY;

    private final SnapshotView tree;
    private final Map<Long, InodeState> known;
    private final Map<Long, ByteString> directories = new HashMap<>();

    /** {@code known}: inodes of {@code tree} already decoded, by number. */
    TreePaths(SnapshotView tree, Map<Long, InodeState> known) {
        this.tree = tree;
        this.known = known;
        directories.put(InodeState.ROOT_DIR, ROOT);
    }

    /** The path of {@code link} in this tree. */
    ByteString of(Link link) throws NativeException {
        return child(directory(link.parent()), link.name().bytes());
    }

    /** The path of directory {@code ino} (a directory has exactly one name). */
    private ByteString directory(long ino) throws NativeException {
        ByteString cached = directories.get(ino);
        if (cached != null) {
            return cached;
        }
        InodeState dir = state(ino);
        if (dir.links().isEmpty()) {
            throw new IllegalStateException("directory " + Long.toUnsignedString(ino) + " of " + tree + " has no name");
        }
        ByteString path = of(dir.links().get(0));
        directories.put(ino, path);
        return path;
    }

    private InodeState state(long ino) throws NativeException {
        InodeState state = known.get(ino);
        if (state != null) {
            return state;
        }
        Optional<InodeState> read = tree.inode(ino);
        return read.orElseThrow(() -> new IllegalStateException(
                "directory " + Long.toUnsignedString(ino) + " is missing from " + tree));
    }

    private static ByteString child(ByteString dir, byte[] name) {
        if (dir.isEmpty()) {
            return ByteString.of(name);
        }
        byte[] path = new byte[dir.size() + 1 + name.length];
        dir.copyTo(path, 0);
        path[dir.size()] = '/';
        System.arraycopy(name, 0, path, dir.size() + 1, name.length);
        return ByteString.wrap(path, 0, path.length);
    }
}
