package dev.ferry.scheduler.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ferry.btrfs.SubvolumeIndex;
import dev.ferry.btrfs.SubvolumeInfo;
import dev.ferry.btrfs.Subvolumes;
import dev.ferry.scheduler.target.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A subvolume in a source's snapshot directory as {@code ferry target snapshots DIR} reports it to a
 * backup host that pulls. Like the target listing, the source side knows nothing of series: it
 * reports every subvolume, and the pulling side reads the names. The JSON is spelled out field by
 * field because two ferry versions, one on each side of ssh, must agree on it:
 * {@code [{"name", "uuid", "parentUuid" (or null), "ctransid", "readOnly"}]}.
 *
 * @param name       its name in the directory
 * @param uuid       its identity in send streams ({@link SubvolumeInfo#streamUuid()})
 * @param parentUuid the subvolume it is a snapshot of
 * @param ctransid   its ctransid
 * @param readOnly   whether it is read-only (only read-only ones can be sent)
 */
public record SnapshotEntry(String name, UUID uuid, Optional<UUID> parentUuid, long ctransid, boolean readOnly) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public SnapshotEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(parentUuid, "parentUuid");
    }

    /** The subvolumes directly in {@code dir}, by name; none when it does not exist. */
    public static List<SnapshotEntry> in(Path dir) throws IOException {
        List<SnapshotEntry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path entry : (Iterable<Path>) list.sorted()::iterator) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && Subvolumes.isSubvolume(entry)) {
                    SubvolumeInfo info = SubvolumeIndex.info(entry);
                    entries.add(new SnapshotEntry(entry.getFileName().toString(), info.streamUuid(), info.parentUuid(),
                            info.ctransid(), info.readOnly()));
                }
            }
        }
        return entries;
    }

    /** As a snapshot of {@code series} at {@code dir} (on the source host), when it is one. */
    public Optional<SourceSnapshot> toSnapshot(Series series, Path dir) {
        if (!readOnly) {
            return Optional.empty();
        }
        return series.parse(name).map(n -> new SourceSnapshot(name, dir.resolve(name), uuid, parentUuid, ctransid,
                n.time()));
    }

    public static String encode(List<SnapshotEntry> entries) {
        ArrayNode array = JSON.createArrayNode();
        for (SnapshotEntry e : entries) {
            array.addObject()
                    .put("name", e.name())
                    .put("uuid", e.uuid().toString())
                    .put("parentUuid", e.parentUuid().map(UUID::toString).orElse(null))
                    .put("ctransid", e.ctransid())
                    .put("readOnly", e.readOnly());
        }
        return array.toString();
    }

    public static List<SnapshotEntry> decode(String text) throws IOException {
        JsonNode array = JSON.readTree(text);
        if (array == null || !array.isArray()) {
            throw new IOException("expected a JSON array of snapshots, got: " + text.strip());
        }
        List<SnapshotEntry> entries = new ArrayList<>();
        for (JsonNode n : array) {
            entries.add(new SnapshotEntry(n.path("name").asText(), UUID.fromString(n.path("uuid").asText()),
                    n.hasNonNull("parentUuid") ? Optional.of(UUID.fromString(n.get("parentUuid").asText()))
                            : Optional.empty(),
                    n.path("ctransid").asLong(), n.path("readOnly").asBoolean()));
        }
        return entries;
    }
}
