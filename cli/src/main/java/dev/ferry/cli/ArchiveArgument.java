package dev.ferry.cli;

import dev.ferry.archive.ArchiveException;
import dev.ferry.archive.StreamArchive;
import java.nio.file.Path;

/**
 * The stream-file target that {@code ferry restore} and {@code ferry verify} read: written as in
 * the config ({@code file:///path}), or as a plain directory path for convenience.
 */
final class ArchiveArgument {
    private ArchiveArgument() {
    }

    static StreamArchive open(String text) throws ArchiveException {
        return StreamArchive.open(directory(text));
    }

    static Path directory(String text) {
        if (text.startsWith("file://")) {
            String path = text.substring("file://".length());
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("not a file: target: '" + text + "' (expected file:///path)");
            }
            return Path.of(path);
        }
        if (text.contains("://")) {
            throw new IllegalArgumentException("'" + text + "' is not a stream-file target: restore and verify read "
                    + "file:///path targets (a btrfs target holds subvolumes, which need no restore)");
        }
        return Path.of(text);
    }
}
