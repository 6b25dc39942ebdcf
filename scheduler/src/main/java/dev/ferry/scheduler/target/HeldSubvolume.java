package dev.ferry.scheduler.target;

import dev.ferry.btrfs.SubvolumeIndex;
import dev.ferry.btrfs.SubvolumeInfo;
import dev.ferry.btrfs.Subvolumes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A subvolume in a btrfs target directory, as {@code ferry target list} reports it to the machine
 * that runs the backup. The remote side knows nothing of series or naming schemes: it reports
 * every subvolume, and the backup side reads the names.
 *
 * @param name         its name in the directory
 * @param uuid         its own uuid
 * @param receivedUuid the uuid of the snapshot it was received from; empty if it was not (fully) received
 * @param readOnly     whether it is read-only
 */
public record HeldSubvolume(String name, UUID uuid, Optional<UUID> receivedUuid, boolean readOnly) {
    public HeldSubvolume {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(receivedUuid, "receivedUuid");
    }

    /** The subvolumes directly in {@code dir}, by name. */
    public static List<HeldSubvolume> in(Path dir) throws IOException {
        List<HeldSubvolume> held = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : (Iterable<Path>) entries.sorted()::iterator) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && Subvolumes.isSubvolume(entry)) {
                    SubvolumeInfo info = SubvolumeIndex.info(entry);
                    held.add(new HeldSubvolume(entry.getFileName().toString(), info.uuid(), info.receivedUuid(),
                            info.readOnly()));
                }
            }
        }
        return held;
    }

    /**
     * As a backup, when its name is one of {@code series}' snapshots. Complete means read-only
     * and received: a receive gives both only at its very end.
     */
    public Optional<Backup> toBackup(Series series) {
        return series.parse(name).map(n -> new Backup(name, receivedUuid.orElse(uuid), n.time(),
                readOnly && receivedUuid.isPresent(), Optional.empty(), OptionalLong.empty()));
    }
}
