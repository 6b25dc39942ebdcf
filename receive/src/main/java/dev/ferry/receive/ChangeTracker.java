package dev.ferry.receive;

import dev.ferry.stream.ByteString;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Which paths and files an incremental stream has changed so far, for a tree that is the parent
 * snapshot changed in place (a directory mirror). A CLONE from the parent names a path in the
 * parent; that path still leads to the parent's bytes only if neither it, nor any directory on
 * it, nor the file's data has been touched by the stream yet. Otherwise the clone is refused: a
 * wrong clone would be silent corruption.
 */
final class ChangeTracker {
    private final Set<ByteString> changedPaths = new HashSet<>();
    private final Set<Long> changedFiles = new HashSet<>();

    void pathChanged(ByteString path) {
        changedPaths.add(path);
    }

    void fileChanged(long inode) {
        changedFiles.add(inode);
    }

    /** Fails when {@code path} or a directory on it was created, removed or renamed by the stream. */
    void requireUnchangedPath(ByteString path) throws IOException {
        for (int slash = path.indexOf((byte) '/', 0); ; slash = path.indexOf((byte) '/', slash + 1)) {
            ByteString prefix = slash < 0 ? path : path.substring(0, slash);
            if (changedPaths.contains(prefix)) {
                throw unavailable(path, prefix + " was changed earlier in this stream");
            }
            if (slash < 0) {
                return;
            }
        }
    }

    void requireUnchangedFile(ByteString path, long inode) throws IOException {
        if (changedFiles.contains(inode)) {
            throw unavailable(path, "its data was changed earlier in this stream");
        }
    }

    private static IOException unavailable(ByteString path, String why) {
        return new IOException("cannot clone from the parent's " + path + ": the mirror is the parent changed in place and "
                + why + ", so the parent's bytes are gone; receive this stream onto btrfs or re-send in full");
    }
}
