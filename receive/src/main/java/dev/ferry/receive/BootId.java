package dev.ferry.receive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel's id of the current boot. A resume record is trusted only within the boot that wrote
 * it: a process kill loses nothing in the page cache, a power loss can lose any unsynced part.
 */
final class BootId {
    private static final Path FILE = Path.of("/proc/sys/kernel/random/boot_id");
    private static volatile String cached;

    private BootId() {
    }

    static String current() {
        String id = cached;
        if (id == null) {
            try {
                id = Files.readString(FILE).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + FILE, e);
            }
            cached = id;
        }
        return id;
    }
}
