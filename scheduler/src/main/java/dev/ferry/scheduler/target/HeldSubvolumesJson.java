package dev.ferry.scheduler.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The wire form of {@code ferry target list}: a JSON array of
 * {@code {"name", "uuid", "receivedUuid" (or null), "readOnly", "resumeToken" (or null)}}, one per
 * subvolume; resumeToken is set on the partial subvolume of an interrupted receive that can be
 * resumed (an older ferry leaves it out, which reads as null). Spelled out
 * field by field because two ferry versions, one on each side of ssh, must agree on it.
 */
public final class HeldSubvolumesJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HeldSubvolumesJson() {
    }

    public static String encode(List<HeldSubvolume> held) {
        ArrayNode array = JSON.createArrayNode();
        for (HeldSubvolume h : held) {
            array.addObject()
                    .put("name", h.name())
                    .put("uuid", h.uuid().toString())
                    .put("receivedUuid", h.receivedUuid().map(UUID::toString).orElse(null))
                    .put("readOnly", h.readOnly())
                    .put("resumeToken", h.resumeToken().orElse(null));
        }
        return array.toString();
    }

    public static List<HeldSubvolume> decode(String text) throws IOException {
        JsonNode array = JSON.readTree(text);
        if (array == null || !array.isArray()) {
            throw new IOException("expected a JSON array of subvolumes, got: " + abbreviate(text));
        }
        List<HeldSubvolume> held = new ArrayList<>();
        for (JsonNode n : array) {
            held.add(new HeldSubvolume(n.path("name").asText(), UUID.fromString(n.path("uuid").asText()),
                    n.hasNonNull("receivedUuid") ? Optional.of(UUID.fromString(n.get("receivedUuid").asText()))
                            : Optional.empty(),
                    n.path("readOnly").asBoolean(),
                    n.hasNonNull("resumeToken") ? Optional.of(n.get("resumeToken").asText()) : Optional.empty()));
        }
        return held;
    }

    private static String abbreviate(String text) {
        String line = text.strip();
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }
}
