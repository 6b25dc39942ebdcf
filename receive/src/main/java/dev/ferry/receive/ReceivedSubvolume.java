package dev.ferry.receive;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One subvolume a receive completed.
 *
 * @param start where it came from (name, uuid, ctransid, parent)
 * @param path  where it is now: the subvolume, or the directory mirror
 */
public record ReceivedSubvolume(SubvolumeStart start, Path path) {
    public ReceivedSubvolume {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(path, "path");
    }
}
