package dev.ferry.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes that survive a crash or a pulled USB disk: data is fsynced before the rename that makes
 * it visible, and the directory is fsynced after it, so a name never points at a half-written file.
 */
final class DurableFiles {
    private DurableFiles() {
    }

    /** Replaces {@code target} by {@code bytes}, through {@code temporary} in the same directory. */
    static void writeAtomically(Path temporary, Path target, byte[] bytes) throws IOException {
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        renameDurably(temporary, target);
    }

    /** Renames within one directory (atomically, replacing {@code target}) and fsyncs the directory. */
    static void renameDurably(Path from, Path target) throws IOException {
        Files.move(from, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
