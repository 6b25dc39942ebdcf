package dev.ferry.scheduler.source;

import dev.ferry.retention.Snapshot;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A read-only snapshot of a volume in its snapshot directory.
 *
 * @param name       its name in the volume's naming scheme
 * @param path       where it is
 * @param uuid       its identity in send streams (its received_uuid if it was itself received,
 *                   else its own uuid): what a backup of it records as received_uuid
 * @param parentUuid the uuid of the subvolume it is a snapshot of
 * @param ctransid   the source's ctransid when the snapshot was taken (a snapshot inherits it)
 * @param time       when it was taken, read from the name
 */
public record SourceSnapshot(String name, Path path, UUID uuid, Optional<UUID> parentUuid, long ctransid,
                             Instant time) {
    public SourceSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(parentUuid, "parentUuid");
        Objects.requireNonNull(time, "time");
    }

    /** As retention sees it. */
    public Snapshot toRetention() {
        return new Snapshot(name, time);
    }
}
