package dev.ferry.btrfs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.Errno;
import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.SubvolumeIndex;
import dev.ferry.btrfs.SubvolumeInfo;
import dev.ferry.btrfs.items.InodeItem;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LoopBtrfsExtension.class)
class TreeSearchTest {

    @Test
    void aTinyBufferPagesToExactlyTheItemsOfALargeOne(LoopBtrfs fs) throws Exception {
        Path dir = Files.createDirectory(fs.path("many"));
        for (int i = 0; i < 20_000; i++) {
            Files.createFile(dir.resolve("file-" + i));
        }
        Shell.run("btrfs", "filesystem", "sync", fs.mountPoint().toString());

        try (Fd fd = Fd.openDirectory(fs.mountPoint())) {
            TreeSearch whole = TreeSearch.tree(TreeId.FS_TREE);
            SearchCursor large = whole.open(fd);
            List<Item> expected = drain(large);
            SearchCursor tiny = whole.open(fd, 40);
            List<Item> actual = drain(tiny);

            assertTrue(expected.size() > 4 * 20_000, "every file has an inode item, a ref, a dir item and an index: "
                    + expected.size());
            assertEquals(expected, actual); // keys, leaf transids and bodies
            assertTrue(tiny.calls() > expected.size() / 4, "the tiny buffer took " + tiny.calls() + " calls");
            assertTrue(tiny.bufferSize() > 40 && tiny.bufferSize() <= 32 + InodeItem.SIZE,
                    "grew only to fit one item: " + tiny.bufferSize());
            assertTrue(large.calls() < tiny.calls());

            // One compound key interval, starting and ending in the middle of objects.
            Key from = expected.get(1001).key();
            Key to = expected.get(60_007).key();
            assertEquals(expected.subList(1001, 60_008), whole.range(from, to).list(fd));
            assertEquals(expected.subList(1001, 60_008), drain(whole.range(from, to).open(fd, 100)));
        }
    }

    @Test
    void minTransidReturnsTheChangedInodesAndNothingFromOlderLeaves(LoopBtrfs fs) throws Exception {
        Shell.run("btrfs", "subvolume", "create", fs.path("vol").toString());
        Shell.sh("cd " + fs.path("vol") + " && mkdir bulk && cd bulk && i=0; while [ $i -lt 3000 ]; do echo $i > f$i; i=$((i+1)); done");
        Shell.sh("cd " + fs.path("vol") + " && for f in append overwrite chmod rename delete keep; do echo $f > $f; done");
        Shell.run("btrfs", "subvolume", "snapshot", "-r", fs.path("vol").toString(), fs.path("s1").toString());
        Shell.sh("cd " + fs.path("vol") + " && echo more >> append && echo new > overwrite && chmod 600 chmod"
                + " && mv rename renamed && rm delete && echo fresh > created && echo x >> bulk/f1500");
        Shell.run("btrfs", "subvolume", "snapshot", "-r", fs.path("vol").toString(), fs.path("s2").toString());
        Shell.run("btrfs", "filesystem", "sync", fs.mountPoint().toString());
        SubvolumeInfo s1 = SubvolumeIndex.info(fs.path("s1"));
        SubvolumeInfo s2 = SubvolumeIndex.info(fs.path("s2"));
        long threshold = s1.otransid();

        List<Item> changed;
        List<Item> all;
        try (Fd fd = Fd.openDirectory(fs.mountPoint())) {
            changed = TreeSearch.tree(s2.id()).minTransid(threshold + 1).list(fd);
            all = TreeSearch.tree(s2.id()).list(fd);
        }

        assertTrue(changed.stream().allMatch(i -> i.transid() > threshold), "only leaves newer than s1");
        assertTrue(changed.size() < all.size() / 4, changed.size() + " of " + all.size() + " items");
        Set<Long> changedInodes = changed.stream()
                .filter(i -> i.type() == ItemType.INODE_ITEM && InodeItem.decode(i.body()).transid() > threshold)
                .map(Item::objectid).collect(Collectors.toCollection(TreeSet::new));
        Set<Long> expected = new TreeSet<>();
        // The root directory changed (rename, delete, create); bulk/ did not (only a file in it did).
        for (String name : List.of("", "bulk/f1500", "append", "overwrite", "chmod", "renamed", "created")) {
            expected.add(inode(fs.path("s2").resolve(name)));
        }
        assertEquals(expected, changedInodes);
    }

    @Test
    void anUnknownTreeIsENOENT(LoopBtrfs fs) throws Exception {
        try (Fd fd = Fd.openDirectory(fs.mountPoint())) {
            NativeException e = assertThrows(NativeException.class, () -> TreeSearch.tree(4242).list(fd));
            assertEquals(Errno.ENOENT, e.errno());
            assertTrue(e.getMessage().startsWith("TREE_SEARCH_V2 " + fs.mountPoint()), e.getMessage());
        }
    }

    private static List<Item> drain(SearchCursor cursor) {
        List<Item> items = new ArrayList<>();
        cursor.forEachRemaining(items::add);
        return items;
    }

    private static long inode(Path path) throws Exception {
        return ((Number) Files.getAttribute(path, "unix:ino")).longValue();
    }
}
