package dev.ferry.receive;

import dev.ferry.stream.ResumeToken;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A receive that was interrupted and left its partial subvolume (or mirror) behind, as
 * {@link Receiver#partial} finds it.
 *
 * @param name    the subvolume's name (the stream's), which it gets once complete
 * @param partial where the partial tree is
 * @param token   the token to resume from; empty when it cannot be resumed
 * @param status  "resumable", or why not (for people)
 */
public record PartialReceive(String name, Path partial, Optional<ResumeToken> token, String status) {
    public PartialReceive {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(partial, "partial");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(status, "status");
    }
}
