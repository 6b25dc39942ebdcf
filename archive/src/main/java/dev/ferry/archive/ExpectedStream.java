package dev.ferry.archive;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The stream a caller is about to write into an archive, as it knows it. The sidecar of a backup
 * in progress records this; at commit the stream's own first command must agree, so a sidecar
 * can never describe a different stream than its file holds.
 *
 * @param name       the source snapshot's name (a single path component, e.g.
 *                   {@code home.20260102T0300Z}), which also names the files in the archive
 * @param time       when the snapshot was taken
 * @param uuid       the stream's subvolume uuid (the snapshot's received_uuid if it has one, else its uuid)
 * @param parentUuid the uuid of the snapshot the stream is incremental to; empty for a full stream
 */
public record ExpectedStream(String name, Instant time, UUID uuid, Optional<UUID> parentUuid) {
    public ExpectedStream {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(parentUuid, "parentUuid");
        if (name.isEmpty() || name.startsWith(".") || name.contains("/") || name.indexOf('\0') >= 0) {
            // Dot names are the archive's temporary files; a slash would leave the archive.
            throw new IllegalArgumentException("a snapshot name for an archive must be one path component"
                    + " not starting with '.': '" + name + "'");
        }
    }

    /** What is wrong when {@code actual}, read from the stream, is not this; null when it is. */
    String mismatch(StreamIdentity actual) {
        if (!actual.uuid().equals(uuid)) {
            return "the stream is of snapshot " + actual.uuid() + ", not " + uuid;
        }
        if (!actual.parentUuid().equals(parentUuid)) {
            return "the stream is " + describe(actual.parentUuid()) + ", not " + describe(parentUuid);
        }
        return null;
    }

    private static String describe(Optional<UUID> parent) {
        return parent.map(p -> "incremental to " + p).orElse("full");
    }
}
