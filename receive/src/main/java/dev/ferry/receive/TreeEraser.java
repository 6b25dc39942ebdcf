package dev.ferry.receive;

import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.FileStat;
import dev.ferry.btrfs.Posix;
import java.io.IOException;

/**
 * Deletes everything beneath a directory fd, never following a symlink and never crossing into
 * another mounted file system: what restarting a failed full receive into a mirror needs.
 */
final class TreeEraser {
    private TreeEraser() {
    }

    static void clearContents(Fd dir) throws IOException {
        clear(dir, Posix.fstat(dir).device().encoded());
    }

    private static void clear(Fd dir, long device) throws IOException {
        for (byte[] name : Posix.listNames(dir)) {
            FileStat stat = Posix.lstatat(dir, name);
            if (!stat.isDirectory()) {
                Posix.unlinkat(dir, name);
                continue;
            }
            if (stat.device().encoded() != device) {
                throw new IOException("refusing to clear " + dir.path() + ": another file system is mounted inside it");
            }
            try (Fd child = Posix.openat(dir, name, Posix.O_RDONLY | Posix.O_DIRECTORY, 0)) {
                clear(child, device);
            }
            Posix.rmdirat(dir, name);
        }
    }
}
