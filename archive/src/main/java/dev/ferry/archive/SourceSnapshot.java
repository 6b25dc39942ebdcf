package dev.ferry.archive;

import java.time.Instant;
import java.util.Objects;

/**
 * The snapshot a backup is made of, as the caller knows it. The uuids are not here: they are read
 * from the stream itself when it is committed, so a sidecar can never disagree with its stream.
 *
 * @param name its name (a single path component, e.g. {@code home.20260102T0300Z}), which also
 *             names the files in the archive
 * @param time when it was taken
 */
public record SourceSnapshot(String name, Instant time) {
    public SourceSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(time, "time");
        if (name.isEmpty() || name.startsWith(".") || name.contains("/") || name.indexOf('\0') >= 0) {
            // Dot names are the archive's temporary files; a slash would leave the archive.
            throw new IllegalArgumentException("a snapshot name for an archive must be one path component"
                    + " not starting with '.': '" + name + "'");
        }
    }
}
