package dev.ferry.btrfs.testing.scenario;

import dev.ferry.btrfs.testing.Shell;
import java.nio.file.Path;
import java.util.Optional;

/** What {@code btrfs subvolume show} and {@code btrfs property get} tell about a subvolume. */
final class Subvolumes {
    private static final String NO_UUID = "-";

    private Subvolumes() {
    }

    static void create(Path path) {
        Shell.run("btrfs", "-q", "subvolume", "create", path.toString());
    }

    static void snapshotReadOnly(Path source, Path snapshot) {
        Shell.run("btrfs", "-q", "subvolume", "snapshot", "-r", source.toString(), snapshot.toString());
    }

    static String uuid(Path subvolume) {
        return field(subvolume, "UUID").orElseThrow();
    }

    /** The received UUID, empty if the subvolume was not received. */
    static Optional<String> receivedUuid(Path subvolume) {
        return field(subvolume, "Received UUID").filter(u -> !u.equals(NO_UUID));
    }

    static boolean isReadOnly(Path subvolume) {
        return Shell.run("btrfs", "property", "get", "-ts", subvolume.toString(), "ro").strip().equals("ro=true");
    }

    /** A "Name:   value" line of {@code btrfs subvolume show}. */
    private static Optional<String> field(Path subvolume, String name) {
        for (String line : Shell.run("btrfs", "subvolume", "show", subvolume.toString()).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith(name + ":")) {
                return Optional.of(trimmed.substring(name.length() + 1).strip());
            }
        }
        return Optional.empty();
    }
}
