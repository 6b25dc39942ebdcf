package dev.ferry.btrfs;

import dev.ferry.btrfs.testing.Shell;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses what {@code btrfs subvolume list -u -q -R} and {@code btrfs subvolume show} print (btrfs-progs 6.2). */
public final class ProgsSubvolumes {
    private ProgsSubvolumes() {
    }

    /** One line of {@code btrfs subvolume list -u -q -R}; uuids are "-" when absent. */
    public record Listed(long id, long gen, long topLevel, String parentUuid, String receivedUuid, String uuid, String path) {
    }

    private static final Pattern LINE = Pattern.compile(
            "^ID (\\d+) gen (\\d+) top level (\\d+) parent_uuid (\\S+)\\s+received_uuid (\\S+)\\s+uuid (\\S+) path (.*)$");

    public static List<Listed> list(Path mountPoint) {
        return parseList(Shell.run("btrfs", "subvolume", "list", "-u", "-q", "-R", mountPoint.toString()));
    }

    /** Parses lines in the format of {@code btrfs subvolume list -u -q -R}. */
    public static List<Listed> parseList(String text) {
        List<Listed> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalStateException("unexpected list line: " + line);
            }
            out.add(new Listed(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    m.group(4), m.group(5), m.group(6), m.group(7)));
        }
        return out;
    }

    /** The ids {@code btrfs subvolume list -r} prints: the read-only ones. */
    public static List<Long> readOnlyIds(Path mountPoint) {
        List<Long> ids = new ArrayList<>();
        for (String line : Shell.run("btrfs", "subvolume", "list", "-r", mountPoint.toString()).split("\n")) {
            if (line.startsWith("ID ")) {
                ids.add(Long.parseLong(line.split(" ")[1]));
            }
        }
        return ids;
    }

    /**
     * {@code btrfs subvolume show}: "Field: value" pairs (e.g. "UUID", "Gen at creation"), plus
     * "path" (its first line) and "Snapshot(s)" (the names below it, joined with ",").
     */
    public static Map<String, String> show(Path path) {
        return parseShow(Shell.run("btrfs", "subvolume", "show", path.toString()));
    }

    /** Parses text in the format of {@code btrfs subvolume show}, see {@link #show}. */
    public static Map<String, String> parseShow(String text) {
        String[] lines = text.split("\n");
        Map<String, String> fields = new HashMap<>();
        fields.put("path", lines[0].strip());
        List<String> snapshots = new ArrayList<>();
        boolean inSnapshots = false;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (inSnapshots && !line.contains(":")) {
                snapshots.add(line);
                continue;
            }
            inSnapshots = false;
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon);
                fields.put(name, line.substring(colon + 1).strip());
                inSnapshots = name.equals("Snapshot(s)");
            }
        }
        fields.put("Snapshot(s)", String.join(",", snapshots));
        return fields;
    }
}
