package dev.ferry.btrfs.items;

import dev.ferry.btrfs.search.ItemType;
import dev.ferry.btrfs.search.Key;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.Shell;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code btrfs inspect-internal dump-tree -t <id>} (btrfs-progs 6.2), the oracle the
 * decoder tests compare against: every leaf item with its key, size and body lines.
 */
public final class DumpTree {
    private DumpTree() {
    }

    /** One leaf item as progs printed it; {@code lines} are trimmed and normalised by {@link #normalise}. */
    public record Dumped(Key key, int size, List<String> lines) {
    }

    private static final Pattern ITEM = Pattern.compile("^\\titem \\d+ key \\((\\S+) (\\S+) (\\S+)\\) itemoff \\d+ itemsize (\\d+)$");
    private static final Pattern LOCATION = Pattern.compile("^location key \\((\\S+) (\\S+) (\\S+)\\) type (\\S+)$");
    private static final Pattern TIME = Pattern.compile("^([acmosr]time -?\\d+\\.\\d+) \\(.*\\)$");
    private static final Pattern FLAGS = Pattern.compile("(flags 0x[0-9a-f]+)\\([^)]*\\)");

    private static final Map<String, Long> OBJECTIDS = new HashMap<>();
    private static final Map<String, Integer> TYPES = new HashMap<>();

    static {
        String[] trees = {"", "ROOT_TREE", "EXTENT_TREE", "CHUNK_TREE", "DEV_TREE", "FS_TREE", "ROOT_TREE_DIR",
                "CSUM_TREE", "QUOTA_TREE", "UUID_TREE", "FREE_SPACE_TREE", "BLOCK_GROUP_TREE"};
        for (int i = 1; i < trees.length; i++) {
            OBJECTIDS.put(trees[i], (long) i);
        }
        OBJECTIDS.put("BALANCE", -4L);
        OBJECTIDS.put("ORPHAN", -5L);
        OBJECTIDS.put("TREE_LOG", -6L);
        OBJECTIDS.put("TREE_LOG_FIXUP", -7L);
        OBJECTIDS.put("TREE_RELOC", -8L);
        OBJECTIDS.put("DATA_RELOC_TREE", -9L);
        OBJECTIDS.put("EXTENT_CSUM", -10L);
        OBJECTIDS.put("FREE_SPACE", -11L);
        OBJECTIDS.put("FREE_INO", -12L);
        OBJECTIDS.put("MULTIPLE", -255L);
        for (int t = 0; t < 256; t++) {
            TYPES.put(ItemType.name(t), t);
        }
        TYPES.put("UNTYPED", 0);
        TYPES.put("TEMPORARY_ITEM", 248);
        TYPES.put("PERSISTENT_ITEM", 249);
        TYPES.put("DEV_REPLACE", 250);
    }

    /** Dumps tree {@code treeId} of {@code fs} after committing the current transaction. */
    public static List<Dumped> dump(LoopBtrfs fs, long treeId) {
        Shell.run("btrfs", "filesystem", "sync", fs.mountPoint().toString());
        // dump-tree reads the block device; drop its page cache so an earlier dump is not reread.
        Shell.run("blockdev", "--flushbufs", fs.loopDevice());
        return parse(Shell.run("btrfs", "inspect-internal", "dump-tree", "-t", Long.toUnsignedString(treeId),
                fs.loopDevice()));
    }

    public static List<Dumped> parse(String text) {
        List<Dumped> items = new ArrayList<>();
        Key key = null;
        int size = 0;
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = ITEM.matcher(line);
            if (m.matches()) {
                if (key != null) {
                    items.add(new Dumped(key, size, List.copyOf(lines)));
                }
                key = key(m.group(1), m.group(2), m.group(3));
                size = Integer.parseInt(m.group(4));
                lines.clear();
            } else if (key != null && line.startsWith("\t\t")) {
                lines.add(normalise(line.trim()));
            } else if (key != null) {
                items.add(new Dumped(key, size, List.copyOf(lines)));
                key = null;
            }
        }
        if (key != null) {
            items.add(new Dumped(key, size, List.copyOf(lines)));
        }
        return items;
    }

    /** A key as progs prints it: objectids of well-known trees by name, UUID-tree halves in hex. */
    public static Key key(String objectid, String type, String offset) {
        Integer t = TYPES.get(type);
        if (t == null) {
            throw new IllegalArgumentException("unknown key type " + type);
        }
        return new Key(number(objectid), t, number(offset));
    }

    private static long number(String s) {
        Long named = OBJECTIDS.get(s);
        if (named != null) {
            return named;
        }
        if (s.startsWith("0x")) {
            return Long.parseUnsignedLong(s.substring(2), 16);
        }
        return s.startsWith("-") ? Long.parseLong(s) : Long.parseUnsignedLong(s);
    }

    /**
     * Removes what progs adds for humans (flag names, formatted dates) and writes location keys
     * the way {@link Key#toString()} does, so lines compare with {@link ProgsFormat}'s.
     */
    static String normalise(String line) {
        Matcher location = LOCATION.matcher(line);
        if (location.matches()) {
            return "location key " + key(location.group(1), location.group(2), location.group(3)) + " type "
                    + location.group(4);
        }
        Matcher time = TIME.matcher(line);
        if (time.matches()) {
            return time.group(1);
        }
        return FLAGS.matcher(line).replaceAll("$1");
    }
}
