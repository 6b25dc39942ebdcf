package dev.ferry.scheduler.target;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * One backup a target holds.
 *
 * @param name       its name, the name of the source snapshot it is a copy of
 * @param sourceUuid the uuid of that source snapshot: the received_uuid of a btrfs backup, the
 *                   recorded snapshot uuid of a stream file. This, not the name, is what ties a
 *                   backup to a snapshot: names and dates are only for people.
 * @param time       when the source snapshot was taken (read from the name)
 * @param complete   whether the backup was received to its end and sealed; incomplete ones are
 *                   never used as parents and are listed so that they can be cleaned up
 * @param dependsOn  the source uuid of the backup this one cannot be restored without: the
 *                   parent of an incremental stream file. Always empty for btrfs subvolumes,
 *                   which stand alone.
 * @param size       bytes it takes, when the target knows cheaply (a stream file's length)
 */
public record Backup(String name, UUID sourceUuid, Instant time, boolean complete, Optional<UUID> dependsOn,
                     OptionalLong size) {
    public Backup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sourceUuid, "sourceUuid");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(dependsOn, "dependsOn");
        Objects.requireNonNull(size, "size");
    }

    /** A complete, self-contained backup of unknown size (a received btrfs subvolume). */
    public static Backup standalone(String name, UUID sourceUuid, Instant time) {
        return new Backup(name, sourceUuid, time, true, Optional.empty(), OptionalLong.empty());
    }
}
