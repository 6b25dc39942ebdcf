package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.btrfs.testing.Shell;
import java.nio.file.Path;

/** Checks shared by the restore and ssh tests. */
final class RoundTrips {
    private RoundTrips() {
    }

    /** received_uuid = the source's uuid and read-only: what btrfs receive leaves, so backups can continue from it. */
    static void assertReceivedFrom(Path snapshot, Path received) {
        String source = Shell.run("btrfs", "subvolume", "show", snapshot.toString());
        String copy = Shell.run("btrfs", "subvolume", "show", received.toString());
        assertEquals(field(source, "UUID"), field(copy, "Received UUID"), copy);
        assertEquals("readonly", field(copy, "Flags"), copy);
    }

    private static String field(String show, String name) {
        return show.lines().map(String::strip).filter(l -> l.startsWith(name + ":")).findFirst()
                .map(l -> l.substring(name.length() + 1).strip()).orElse("<no " + name + ">");
    }
}
