package dev.ferry.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * Reads and writes the JSON sidecars. The mapping is spelled out field by field: this is a file
 * format that outlives ferry versions, so renaming a Java component must not rename a JSON field.
 * Unknown fields are ignored, so a later ferry may add some.
 */
final class Sidecars {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Sidecars() {
    }

    static byte[] encode(ArchiveEntry e) {
        ObjectNode node = JSON.createObjectNode()
                .put("format", e.format())
                .put("snapshot", e.snapshot())
                .put("snapshotTime", e.snapshotTime().toString())
                .put("uuid", e.uuid().toString())
                .put("parentUuid", e.parentUuid() == null ? null : e.parentUuid().toString())
                .put("ctransid", e.ctransid())
                .put("streamFile", e.streamFile())
                .put("fileBytes", e.fileBytes())
                .put("streamBytes", e.streamBytes())
                .put("sha256", e.sha256())
                .put("ferryVersion", e.ferryVersion())
                .put("writtenAt", e.writtenAt().toString())
                .put("complete", e.complete());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException ex) {
            throw new IllegalStateException("cannot encode the sidecar of " + e, ex);
        }
    }

    static ArchiveEntry read(Path sidecar) throws ArchiveException {
        try {
            return decode(JSON.readTree(Files.readAllBytes(sidecar)));
        } catch (ArchiveException e) {
            throw new ArchiveException(sidecar + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new ArchiveException(sidecar + ": unreadable sidecar: " + firstLine(e.getMessage()), e);
        }
    }

    private static ArchiveEntry decode(JsonNode n) throws ArchiveException {
        String format = text(n, "format");
        if (!ArchiveEntry.FORMAT.equals(format)) {
            throw new ArchiveException("unknown sidecar format '" + format + "', expected " + ArchiveEntry.FORMAT);
        }
        return new ArchiveEntry(format, text(n, "snapshot"), Instant.parse(text(n, "snapshotTime")),
                uuid(n, "uuid"), uuid(n, "parentUuid"), n.path("ctransid").asLong(), text(n, "streamFile"),
                n.path("fileBytes").asLong(), n.hasNonNull("streamBytes") ? n.get("streamBytes").asLong() : null,
                n.hasNonNull("sha256") ? n.get("sha256").asText() : null, n.path("ferryVersion").asText("unknown"),
                Instant.parse(text(n, "writtenAt")), n.path("complete").asBoolean(false));
    }

    private static String text(JsonNode n, String field) throws ArchiveException {
        if (!n.hasNonNull(field)) {
            throw new ArchiveException("sidecar has no " + field);
        }
        return n.get(field).asText();
    }

    private static UUID uuid(JsonNode n, String field) {
        return n.hasNonNull(field) ? UUID.fromString(n.get(field).asText()) : null;
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message);
        int newline = m.indexOf('\n');
        return newline < 0 ? m : m.substring(0, newline);
    }
}
