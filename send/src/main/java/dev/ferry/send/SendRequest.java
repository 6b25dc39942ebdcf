package dev.ferry.send;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to send: a read-only snapshot, optionally incrementally from a read-only parent the
 * receiver already has, optionally with clone sources ({@code -c}) the receiver has too.
 *
 * @param protocolVersion the send stream version, 1 or 2
 */
public record SendRequest(Path snapshot, Optional<Path> parent, List<Path> cloneSources, int protocolVersion) {
    public SendRequest {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(parent, "parent");
        cloneSources = List.copyOf(cloneSources);
        if (protocolVersion != 1 && protocolVersion != 2) {
            throw new IllegalArgumentException("protocol version must be 1 or 2, not " + protocolVersion);
        }
    }

    public static SendRequest full(Path snapshot, int protocolVersion) {
        return new SendRequest(snapshot, Optional.empty(), List.of(), protocolVersion);
    }

    public static SendRequest incremental(Path snapshot, Path parent, int protocolVersion) {
        return new SendRequest(snapshot, Optional.of(parent), List.of(), protocolVersion);
    }
}
