package dev.ferry.btrfs.items;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.search.Item;
import dev.ferry.btrfs.search.Key;
import dev.ferry.btrfs.search.TreeSearch;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.Shell;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Compares a whole tree as ferry reads it with {@code dump-tree}'s view of it. */
final class Trees {
    private Trees() {
    }

    /**
     * Asserts that a search of tree {@code treeId} returns exactly the keys and item sizes that
     * dump-tree lists, and that every decoded item prints like progs prints it.
     *
     * @return the items, keyed by key, for further checks
     */
    static Map<Key, Item> assertSameAsProgs(LoopBtrfs fs, long treeId) throws Exception {
        Shell.run("btrfs", "filesystem", "sync", fs.mountPoint().toString());
        List<DumpTree.Dumped> dumped = DumpTree.dump(fs, treeId);
        List<Item> items;
        try (Fd fd = Fd.openDirectory(fs.mountPoint())) {
            items = TreeSearch.tree(treeId).list(fd);
        }
        assertEquals(dumped.stream().map(DumpTree.Dumped::key).toList(), items.stream().map(Item::key).toList(),
                "keys of tree " + treeId);
        Map<Key, Item> byKey = new TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            DumpTree.Dumped progs = dumped.get(i);
            assertEquals(progs.size(), item.body().length, "size of " + item.key());
            Optional<List<String>> ours = ProgsFormat.lines(item);
            if (ours.isPresent()) {
                assertEquals(withoutSkipped(progs.lines(), ours.get()), withoutNulls(ours.get()), "body of " + item.key());
            }
            byKey.put(item.key(), item);
        }
        return byKey;
    }

    /** progs' lines without those at the positions ours leaves null (fields ferry does not decode). */
    private static List<String> withoutSkipped(List<String> progs, List<String> ours) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < progs.size(); i++) {
            if (i >= ours.size() || ours.get(i) != null) {
                kept.add(progs.get(i));
            }
        }
        return kept;
    }

    private static List<String> withoutNulls(List<String> lines) {
        return lines.stream().filter(l -> l != null).toList();
    }
}
