package dev.ferry.btrfs.testing.scenario;

import dev.ferry.btrfs.testing.LoopBtrfs;
import java.nio.file.Path;

/**
 * Where received trees go. On btrfs the harness also checks what receive must leave behind
 * (a read-only subvolume whose received_uuid is the source snapshot's uuid); a plain directory
 * (ext4, xfs) only gets its trees compared.
 */
public record Destination(Path root, boolean isBtrfs) {

    public static Destination of(LoopBtrfs fs) {
        return new Destination(fs.mountPoint(), fs.type().equals("btrfs"));
    }

    public static Destination plainDirectory(Path root) {
        return new Destination(root, false);
    }
}
