package dev.ferry.receive;

import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.NativeException;
import dev.ferry.stream.ByteString;

/**
 * The few directories a {@link TreeWriter} resolved last, by their path in the stream, the most
 * recently used first; it owns their descriptors.
 *
 * <p>More than one, because the kernel interleaves directories: a new file is created as an
 * orphan in the root and renamed to {@code d/f}, then comes the UTIMES of some other directory
 * (one whose entries changed earlier), and only then the CHOWN, CHMOD, WRITEs and UTIMES of
 * {@code d/f}. With one cached directory, {@code d} was opened twice for every file.
 */
final class DirectoryCache {
    private static final int CAPACITY = 4;

    private final ByteString[] paths = new ByteString[CAPACITY];
    private final Fd[] directories = new Fd[CAPACITY];
    private int count;

    /** The directory cached for {@code path}, now the most recently used; null when there is none. */
    Fd get(ByteString path) {
        for (int i = 0; i < count; i++) {
            if (paths[i].equals(path)) {
                moveToFront(i, paths[i], directories[i]);
                return directories[0];
            }
        }
        return null;
    }

    /** Caches {@code directory} for {@code path} (not cached yet), closing the least recently used one when full. */
    void put(ByteString path, Fd directory) throws NativeException {
        Fd evicted = null;
        if (count == CAPACITY) {
            evicted = directories[CAPACITY - 1];
        } else {
            count++;
        }
        moveToFront(count - 1, path.retain(), directory);
        if (evicted != null) {
            evicted.close();
        }
    }

    /** Drops (and closes) every directory at or beneath {@code path}: what a rename or rmdir there can change. */
    void dropAtOrBeneath(ByteString path) throws NativeException {
        int kept = 0;
        NativeException failure = null;
        for (int i = 0; i < count; i++) {
            if (TreeWriter.isAtOrBeneath(paths[i], path)) {
                failure = closed(directories[i], failure);
            } else {
                paths[kept] = paths[i];
                directories[kept] = directories[i];
                kept++;
            }
        }
        forget(kept);
        if (failure != null) {
            throw failure;
        }
    }

    /** Drops and closes all. */
    void clear() throws NativeException {
        NativeException failure = null;
        for (int i = 0; i < count; i++) {
            failure = closed(directories[i], failure);
        }
        forget(0);
        if (failure != null) {
            throw failure;
        }
    }

    /** Puts the entry at {@code index} (or the new one replacing it) first, moving those before it back by one. */
    private void moveToFront(int index, ByteString path, Fd directory) {
        System.arraycopy(paths, 0, paths, 1, index);
        System.arraycopy(directories, 0, directories, 1, index);
        paths[0] = path;
        directories[0] = directory;
    }

    /** Keeps only the first {@code kept} entries. */
    private void forget(int kept) {
        for (int i = kept; i < count; i++) {
            paths[i] = null;
            directories[i] = null;
        }
        count = kept;
    }

    /** Closes {@code fd}, keeping the first failure. */
    private static NativeException closed(Fd fd, NativeException failure) {
        try {
            fd.close();
            return failure;
        } catch (NativeException e) {
            return failure == null ? e : failure;
        }
    }
}
