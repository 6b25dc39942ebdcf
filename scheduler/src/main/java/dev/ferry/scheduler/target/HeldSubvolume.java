package dev.ferry.scheduler.target;

import dev.ferry.btrfs.SubvolumeIndex;
import dev.ferry.btrfs.SubvolumeInfo;
import dev.ferry.btrfs.Subvolumes;
import dev.ferry.receive.PartialReceive;
import dev.ferry.receive.ReceiveException;
import dev.ferry.receive.ReceiveOptions;
import dev.ferry.receive.Receiver;
import dev.ferry.stream.ResumeToken;
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
 * @param resumeToken  for the partial subvolume of an interrupted receive ({@code .ferry-partial.NAME}):
 *                     the token to resume it from, when it can be resumed (see ferry send --resume-from)
 */
public record HeldSubvolume(String name, UUID uuid, Optional<UUID> receivedUuid, boolean readOnly, Optional<String> resumeToken) {
    /** How the receiver names a subvolume it is still filling. */
    public static final String PARTIAL_PREFIX = ".ferry-partial.";

    public HeldSubvolume {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(receivedUuid, "receivedUuid");
        Objects.requireNonNull(resumeToken, "resumeToken");
    }

    /** The subvolumes directly in {@code dir}, by name. */
    public static List<HeldSubvolume> in(Path dir) throws IOException {
        List<HeldSubvolume> held = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : (Iterable<Path>) entries.sorted()::iterator) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && Subvolumes.isSubvolume(entry)) {
                    SubvolumeInfo info = SubvolumeIndex.info(entry);
                    String name = entry.getFileName().toString();
                    held.add(new HeldSubvolume(name, info.uuid(), info.receivedUuid(), info.readOnly(), resumeToken(dir, name)));
                }
            }
        }
        return held;
    }

    /** The token of a partial subvolume that can be resumed; empty for anything else. */
    private static Optional<String> resumeToken(Path dir, String name) throws IOException {
        if (!name.startsWith(PARTIAL_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Receiver.partial(dir, name.substring(PARTIAL_PREFIX.length()), ReceiveOptions.defaults())
                    .flatMap(PartialReceive::token).map(ResumeToken::format);
        } catch (ReceiveException e) {
            throw new IOException(e.getMessage(), e);
        }
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
