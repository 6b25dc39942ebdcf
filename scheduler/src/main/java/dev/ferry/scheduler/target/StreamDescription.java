package dev.ferry.scheduler.target;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What a target is told about a stream before it reads it: enough to name, file and index the
 * backup without parsing the stream (a stream-file target records this beside the file).
 *
 * @param name       the source snapshot's name, which the backup takes
 * @param uuid       the source snapshot's uuid (the stream's identity; btrfs stores it as received_uuid)
 * @param ctransid   the source snapshot's ctransid
 * @param time       when the source snapshot was taken
 * @param parentUuid the uuid of the source snapshot the stream is incremental from; empty for a
 *                   full stream
 */
public record StreamDescription(String name, UUID uuid, long ctransid, Instant time, Optional<UUID> parentUuid) {
    public StreamDescription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(parentUuid, "parentUuid");
    }

    public boolean incremental() {
        return parentUuid.isPresent();
    }
}
