package dev.ferry.btrfs.items;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.SubvolumeIndex;
import dev.ferry.btrfs.search.Item;
import dev.ferry.btrfs.search.ItemType;
import dev.ferry.btrfs.search.Key;
import dev.ferry.btrfs.search.TreeId;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every decoder checked against {@code btrfs inspect-internal dump-tree} on real trees: every
 * item of the tree must print, field by field, as progs prints it.
 */
@ExtendWith(LoopBtrfsExtension.class)
class ItemDecodersTest {

    @Test
    void fileTreeItemsDecodeAsProgsPrintsThem(LoopBtrfs fs) throws Exception {
        Shell.run("btrfs", "subvolume", "create", fs.path("vol").toString());
        Shell.sh("cd " + fs.path("vol") + " && set -e\n"
                + "echo hello > f && ln f g && mkdir d && ln f d/h && ln -s ../f d/sym\n"
                + "setfattr -n user.colour -v blue f && setfattr -n user.size -v large f\n"
                + "head -c 131072 /dev/urandom > big && chown 1000:1001 big && chmod 640 big\n"
                + "fallocate -l 1M pre\n"
                + "truncate -s 1M sparse && head -c 4096 /dev/urandom | dd of=sparse bs=4096 seek=100 conv=notrunc status=none\n"
                + "mkfifo fifo && mknod chr c 1 3\n"
                + "mkdir links && n=1 && while [ $n -le 120 ]; do ln f links/$(printf 'x%.0s' $(seq 200))$n; n=$((n+1)); done\n");
        long id = idOf(fs, "vol");

        Map<Key, Item> items = Trees.assertSameAsProgs(fs, id);

        Map<Integer, Long> types = items.keySet().stream().collect(Collectors.groupingBy(Key::type, Collectors.counting()));
        for (int type : List.of(ItemType.INODE_ITEM, ItemType.INODE_REF, ItemType.INODE_EXTREF, ItemType.XATTR_ITEM,
                ItemType.DIR_ITEM, ItemType.DIR_INDEX, ItemType.EXTENT_DATA)) {
            assertTrue(types.containsKey(type), "the tree has no " + ItemType.name(type));
        }
        Collection<Item> all = items.values();
        assertTrue(all.stream().filter(i -> i.type() == ItemType.INODE_REF)
                .anyMatch(i -> InodeRef.decode(i.body()).size() > 2), "an INODE_REF with several names");
        List<FileExtentItem> extents = all.stream().filter(i -> i.type() == ItemType.EXTENT_DATA)
                .map(i -> FileExtentItem.decode(i.body())).toList();
        assertTrue(extents.stream().anyMatch(e -> e instanceof FileExtentItem.Inline));
        assertTrue(extents.stream().anyMatch(e -> e.type() == FileExtentItem.TYPE_REG));
        assertTrue(extents.stream().anyMatch(e -> e.type() == FileExtentItem.TYPE_PREALLOC));

        // The inline data is the file itself; xattrs come back as name -> value.
        long f = Long.parseLong(Shell.run("stat", "-c", "%i", fs.path("vol/f").toString()).strip());
        FileExtentItem.Inline hello = (FileExtentItem.Inline) FileExtentItem.decode(items.get(new Key(f, ItemType.EXTENT_DATA, 0)).body());
        assertArrayEquals("hello\n".getBytes(StandardCharsets.UTF_8), hello.data());
        Map<String, String> xattrs = all.stream().filter(i -> i.objectid() == f && i.type() == ItemType.XATTR_ITEM)
                .flatMap(i -> Xattr.decode(i.body()).stream())
                .collect(Collectors.toMap(x -> x.name().toString(), x -> new String(x.value(), StandardCharsets.UTF_8)));
        assertEquals(Map.of("user.colour", "blue", "user.size", "large"), xattrs);
        InodeItem big = InodeItem.decode(items.get(new Key(inode(fs, "vol/big"), ItemType.INODE_ITEM, 0)).body());
        assertEquals(0100640, big.mode());
        assertEquals(1000, big.uid());
        assertEquals(1001, big.gid());
        assertEquals(131072, big.size());
    }

    @Test
    void compressedExtentsDecodeAsProgsPrintsThem(@LoopFs(mountOptions = "compress=zstd") LoopBtrfs fs) throws Exception {
        Shell.run("btrfs", "subvolume", "create", fs.path("vol").toString());
        Shell.sh("cd " + fs.path("vol") + " && yes ferry | head -c 300000 > text && yes small | head -c 3000 > inline");

        Map<Key, Item> items = Trees.assertSameAsProgs(fs, idOf(fs, "vol"));

        List<FileExtentItem> zstd = items.values().stream().filter(i -> i.type() == ItemType.EXTENT_DATA)
                .map(i -> FileExtentItem.decode(i.body())).filter(e -> e.compression() == Compression.ZSTD).toList();
        assertTrue(zstd.stream().anyMatch(e -> e instanceof FileExtentItem.Inline i && i.ramBytes() == 3000
                && i.data().length < 3000), "a compressed inline extent");
        assertTrue(zstd.stream().anyMatch(e -> e instanceof FileExtentItem.OnDisk d && d.diskNumBytes() < d.ramBytes()),
                "a compressed regular extent");
    }

    @Test
    void holesAreRegularExtentsAtDiskByteZeroWithoutNoHoles(LoopBtrfs fs) throws Exception {
        // Re-make the fixture's filesystem without the no-holes feature (the mkfs default keeps holes implicit).
        Shell.run("umount", fs.mountPoint().toString());
        Shell.run("mkfs.btrfs", "-q", "-f", "-O", "^no-holes", fs.loopDevice());
        Shell.run("mount", fs.loopDevice(), fs.mountPoint().toString());
        Shell.sh("cd " + fs.mountPoint() + " && truncate -s 1M sparse"
                + " && head -c 8192 /dev/urandom | dd of=sparse bs=4096 seek=64 conv=notrunc status=none");

        Map<Key, Item> items = Trees.assertSameAsProgs(fs, TreeId.FS_TREE);

        long ino = inode(fs, "sparse");
        List<FileExtentItem.OnDisk> extents = items.values().stream()
                .filter(i -> i.objectid() == ino && i.type() == ItemType.EXTENT_DATA)
                .map(i -> (FileExtentItem.OnDisk) FileExtentItem.decode(i.body())).toList();
        assertEquals(List.of(true, false, true), extents.stream().map(FileExtentItem.OnDisk::isHole).toList());
        assertEquals(262144, extents.get(0).numBytes());
        assertEquals(8192, extents.get(1).numBytes());
    }

    @Test
    void rootTreeAndUuidTreeDecodeAsProgsPrintsThem(LoopBtrfs fs) throws Exception {
        Shell.run("btrfs", "subvolume", "create", fs.path("vol").toString());
        Shell.sh("echo data > " + fs.path("vol/f"));
        Shell.run("btrfs", "subvolume", "snapshot", "-r", fs.path("vol").toString(), fs.path("snap").toString());
        Shell.run("mkdir", fs.path("received").toString());
        Shell.sh("btrfs send -q " + fs.path("snap") + " | btrfs receive -q " + fs.path("received"));

        Map<Key, Item> root = Trees.assertSameAsProgs(fs, TreeId.ROOT_TREE);
        Map<Key, Item> uuids = Trees.assertSameAsProgs(fs, TreeId.UUID_TREE);

        long received = idOf(fs, "received/snap");
        RootItem item = root.entrySet().stream()
                .filter(e -> e.getKey().objectid() == received && e.getKey().type() == ItemType.ROOT_ITEM)
                .map(e -> RootItem.decode(e.getValue().body())).findFirst().orElseThrow();
        assertTrue(item.readOnly());
        assertTrue(item.hasExtendedFields());
        assertTrue(item.stransid() > 0 && item.rtransid() > 0, "stransid and rtransid are set");
        UUID snapUuid = SubvolumeIndex.info(fs.path("snap")).uuid();
        assertEquals(snapUuid, item.receivedUuid().orElseThrow());
        Item byReceived = uuids.get(UuidTree.key(snapUuid, ItemType.UUID_KEY_RECEIVED_SUBVOL));
        assertEquals(List.of(received), UuidTree.decode(byReceived.body()));
        assertEquals(snapUuid, UuidTree.uuid(byReceived.key()));
    }

    @Test
    void uuidKeyMatchesTheDocumentedExample() {
        Key key = UuidTree.key(UUID.fromString("5fc0c90e-40fc-5145-8053-405adfbc1987"), ItemType.UUID_KEY_SUBVOL);
        assertEquals(new Key(0x4551fc400ec9c05fL, 251, 0x8719bcdf5a405380L), key);
    }

    static long idOf(LoopBtrfs fs, String path) throws Exception {
        return SubvolumeIndex.info(fs.path(path)).id();
    }

    static long inode(LoopBtrfs fs, String path) {
        return Long.parseLong(Shell.run("stat", "-c", "%i", fs.path(path).toString()).strip());
    }
}
