package dev.ferry.receive;

import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.Posix;
import dev.ferry.stream.ByteString;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The directories a {@link TreeWriter} resolved last, by their path in the stream, the least
 * recently used dropped first; it owns their descriptors.
 *
 * <p>Many, because the kernel's order is the order of inode numbers, not of directories: in a full
 * stream each new file is created in its own directory and is followed by the UTIMES of some other
 * directory whose entries changed earlier, so a cache of a few directories misses twice per file.
 * Each miss costs an openat2 beneath the root and a close. The capacity is bounded by the open-file
 * limit, leaving most of it to the rest of the process.
 */
final class DirectoryCache {
    /** Enough for the directories of most trees; a receive into a larger one opens some twice. */
    private static final int MOST = 4096;
    private static final int LEAST = 4;

    private final int capacity;
    private final LinkedHashMap<ByteString, Fd> directories = new LinkedHashMap<>(64, 0.75f, true);

    DirectoryCache(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    /** A cache sized for this process: an eighth of its open-file limit, between {@value LEAST} and {@value MOST}. */
    static DirectoryCache sizedForProcess() throws NativeException {
        long limit = Posix.openFileLimit();
        long share = limit < 0 ? MOST : limit / 8; // RLIM_INFINITY reads as -1
        return new DirectoryCache((int) Math.max(LEAST, Math.min(MOST, share)));
    }

    /** The directory cached for {@code path}, now the most recently used; null when there is none. */
    Fd get(ByteString path) {
        return directories.get(path);
    }

    /** Caches {@code directory} for {@code path} (not cached yet), closing the least recently used one when full. */
    void put(ByteString path, Fd directory) throws NativeException {
        directories.put(path.retain(), directory);
        if (directories.size() > capacity) {
            Iterator<Fd> eldest = directories.values().iterator();
            Fd evicted = eldest.next();
            eldest.remove();
            evicted.close();
        }
    }

    /** Drops (and closes) every directory at or beneath {@code path}: what a rename or rmdir there can change. */
    void dropAtOrBeneath(ByteString path) throws NativeException {
        NativeException failure = null;
        for (Iterator<Map.Entry<ByteString, Fd>> i = directories.entrySet().iterator(); i.hasNext(); ) {
            Map.Entry<ByteString, Fd> entry = i.next();
            if (TreeWriter.isAtOrBeneath(entry.getKey(), path)) {
                i.remove();
                failure = closed(entry.getValue(), failure);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Drops and closes all. */
    void clear() throws NativeException {
        NativeException failure = null;
        for (Fd fd : directories.values()) {
            failure = closed(fd, failure);
        }
        directories.clear();
        if (failure != null) {
            throw failure;
        }
    }

    int size() {
        return directories.size();
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
