package dev.ferry.btrfs.items;

import dev.ferry.btrfs.search.Item;
import dev.ferry.btrfs.search.ItemType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Prints decoded items the way {@code dump-tree} prints them (after {@link DumpTree#normalise}),
 * so a test can compare ferry's decoders with btrfs-progs line by line. Empty for item types
 * ferry does not decode.
 */
final class ProgsFormat {
    private ProgsFormat() {
    }

    private static final String[] FILE_TYPES = {"UNKNOWN", "FILE", "DIR", "CHRDEV", "BLKDEV", "FIFO", "SOCK",
        "SYMLINK", "XATTR"};
    private static final String[] COMPRESSION = {"none", "zlib", "lzo", "zstd"};

    static Optional<List<String>> lines(Item item) {
        List<String> out = new ArrayList<>();
        byte[] body = item.body();
        switch (item.type()) {
            case ItemType.INODE_ITEM -> inode(InodeItem.decode(body), out);
            case ItemType.INODE_REF -> InodeRef.decode(body).forEach(r ->
                    out.add("index " + r.index() + " namelen " + r.name().length() + " name: " + r.name()));
            case ItemType.INODE_EXTREF -> InodeExtref.decode(body).forEach(r -> out.add("index " + r.index()
                    + " parent " + r.parent() + " namelen " + r.name().length() + " name: " + r.name()));
            case ItemType.DIR_ITEM, ItemType.DIR_INDEX, ItemType.XATTR_ITEM -> DirEntry.decode(body).forEach(e -> {
                out.add("location key " + e.location() + " type " + FILE_TYPES[e.type()]);
                out.add("transid " + e.transid() + " data_len " + e.data().length + " name_len " + e.name().length());
                out.add("name: " + e.name());
                if (e.data().length > 0) {
                    out.add("data " + new String(e.data(), StandardCharsets.UTF_8));
                }
            });
            case ItemType.EXTENT_DATA -> extent(FileExtentItem.decode(body), out);
            case ItemType.ROOT_ITEM -> root(RootItem.decode(body), out);
            case ItemType.ROOT_REF, ItemType.ROOT_BACKREF -> {
                RootRef r = RootRef.decode(body);
                out.add("root " + (item.type() == ItemType.ROOT_REF ? "ref" : "backref") + " key dirid " + r.dirid()
                        + " sequence " + r.sequence() + " name " + r.name());
            }
            case ItemType.UUID_KEY_SUBVOL, ItemType.UUID_KEY_RECEIVED_SUBVOL ->
                    UuidTree.decode(body).forEach(id -> out.add("subvol_id " + id));
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    private static void inode(InodeItem i, List<String> out) {
        out.add("generation " + i.generation() + " transid " + i.transid() + " size " + i.size() + " nbytes " + i.nbytes());
        out.add("block group " + i.blockGroup() + " mode " + Integer.toOctalString(i.mode()) + " links " + i.nlink()
                + " uid " + i.uid() + " gid " + i.gid() + " rdev " + i.rdev());
        out.add("sequence " + i.sequence() + " flags 0x" + Long.toHexString(i.flags()));
        out.add("atime " + time(i.atime()));
        out.add("ctime " + time(i.ctime()));
        out.add("mtime " + time(i.mtime()));
        out.add("otime " + time(i.otime()));
    }

    private static void extent(FileExtentItem e, List<String> out) {
        String type = switch (e.type()) {
            case FileExtentItem.TYPE_INLINE -> "inline";
            case FileExtentItem.TYPE_REG -> "regular";
            default -> "prealloc";
        };
        out.add("generation " + e.generation() + " type " + e.type() + " (" + type + ")");
        String compression = e.compression().code() + " (" + COMPRESSION[e.compression().code()] + ")";
        if (e instanceof FileExtentItem.Inline inline) {
            out.add("inline extent data size " + inline.data().length + " ram_bytes " + e.ramBytes() + " compression "
                    + compression);
        } else if (e instanceof FileExtentItem.OnDisk d && d.prealloc()) {
            out.add("prealloc data disk byte " + d.diskBytenr() + " nr " + d.diskNumBytes());
            out.add("prealloc data offset " + d.offset() + " nr " + d.numBytes());
        } else if (e instanceof FileExtentItem.OnDisk d) {
            out.add("extent data disk byte " + d.diskBytenr() + " nr " + d.diskNumBytes());
            out.add("extent data offset " + d.offset() + " nr " + d.numBytes() + " ram " + d.ramBytes());
            out.add("extent compression " + compression);
        }
    }

    private static void root(RootItem r, List<String> out) {
        out.add("generation " + r.generation() + " root_dirid " + r.rootDirid() + " bytenr " + r.bytenr()
                + " byte_limit 0 bytes_used " + r.bytesUsed());
        out.add("last_snapshot " + r.lastSnapshot() + " flags 0x" + Long.toHexString(r.flags()) + " refs " + r.refs());
        out.add(null); // drop_progress: not decoded
        out.add("level " + r.level() + " generation_v2 " + r.generation());
        out.add("uuid " + r.uuid());
        out.add("parent_uuid " + r.parentUuid().orElse(new UUID(0, 0)));
        out.add("received_uuid " + r.receivedUuid().orElse(new UUID(0, 0)));
        out.add("ctransid " + r.ctransid() + " otransid " + r.otransid() + " stransid " + r.stransid() + " rtransid "
                + r.rtransid());
        out.add("ctime " + time(r.ctime()));
        out.add("otime " + time(r.otime()));
        out.add("stime " + time(r.stime()));
        out.add("rtime " + time(r.rtime()));
    }

    private static String time(Instant t) {
        return t.getEpochSecond() + "." + t.getNano();
    }
}
