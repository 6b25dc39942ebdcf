package dev.ferry.receive;

import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.FileStat;
import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.Posix;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Deletes everything beneath a directory fd, never following a symlink and never crossing into
 * another mounted file system: what restarting a failed full receive into a mirror needs.
 *
 * <p>Depth-first with a stack of its own, not by recursion: a hostile stream can leave a tree
 * 10,000 directories deep (each command's path stays short if directories are moved into new ones),
 * and recursing that deep overflowed the thread's stack (found by MaliciousStreamTest). One
 * descriptor stays open per level, so a tree deeper than the descriptor limit fails with EMFILE.
 */
final class TreeEraser {
    private TreeEraser() {
    }

    /** One directory on the way down: its fd, its name in the one above, and the subdirectories still to clear. */
    private record Level(Fd dir, byte[] name, Iterator<byte[]> subdirectories) {
    }

    static void clearContents(Fd top) throws IOException {
        long device = Posix.fstat(top).device().encoded();
        Deque<Level> path = new ArrayDeque<>();
        path.push(new Level(top, null, removeFilesListDirectories(top, device)));
        try {
            while (!path.isEmpty()) {
                Level level = path.peek();
                if (level.subdirectories().hasNext()) {
                    byte[] name = level.subdirectories().next();
                    Fd child = Posix.openat(level.dir(), name, Posix.O_RDONLY | Posix.O_DIRECTORY, 0);
                    try {
                        path.push(new Level(child, name, removeFilesListDirectories(child, device)));
                    } catch (IOException | RuntimeException e) {
                        child.close();
                        throw e;
                    }
                    continue;
                }
                path.pop();
                if (level.name() != null) {
                    level.dir().close();
                    Posix.rmdirat(path.peek().dir(), level.name());
                }
            }
        } finally {
            closeBelowTop(path);
        }
    }

    /** Unlinks every entry of {@code dir} that is not a directory; returns the names of the directories. */
    private static Iterator<byte[]> removeFilesListDirectories(Fd dir, long device) throws IOException {
        List<byte[]> directories = new ArrayList<>();
        for (byte[] name : Posix.listNames(dir)) {
            FileStat stat = Posix.lstatat(dir, name);
            if (!stat.isDirectory()) {
                Posix.unlinkat(dir, name);
            } else if (stat.device().encoded() != device) {
                throw new IOException("refusing to clear " + dir.path() + ": another file system is mounted inside it");
            } else {
                directories.add(name);
            }
        }
        return directories.iterator();
    }

    /** After a failure: the descriptors this opened (the caller's top one stays open). */
    private static void closeBelowTop(Deque<Level> path) {
        for (Level level : path) {
            if (level.name() != null) {
                try {
                    level.dir().close();
                } catch (NativeException ignored) {
                    // failing already
                }
            }
        }
    }
}
