package dev.ferry.send;

import dev.ferry.btrfs.Beneath;
import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.Posix;
import dev.ferry.btrfs.SubvolumeIndex;
import dev.ferry.btrfs.SubvolumeInfo;
import dev.ferry.btrfs.Subvolumes;
import dev.ferry.btrfs.UnsafePathException;
import dev.ferry.btrfs.items.DirEntry;
import dev.ferry.btrfs.items.InodeExtref;
import dev.ferry.btrfs.items.InodeItem;
import dev.ferry.btrfs.items.InodeRef;
import dev.ferry.btrfs.items.Name;
import dev.ferry.btrfs.items.NameHash;
import dev.ferry.btrfs.search.Item;
import dev.ferry.btrfs.search.ItemType;
import dev.ferry.btrfs.search.Key;
import dev.ferry.btrfs.search.SearchCursor;
import dev.ferry.btrfs.search.TreeId;
import dev.ferry.btrfs.search.TreeSearch;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A read-only subvolume seen through its tree: inodes decoded from TREE_SEARCH_V2 items, the
 * change scan over leaf generations, name lookups by hash, and file data read beneath its root.
 * Holds an fd on the subvolume root until closed.
 */
public final class SnapshotView implements AutoCloseable {
    /** Inode numbers live in [256, -256]; objectids outside (orphan items, free space) are not inodes. */
    private static final Key FIRST_INODE_KEY = Key.first(TreeId.FIRST_FREE_OBJECTID);
    private static final Key LAST_INODE_KEY = Key.last(TreeId.LAST_FREE_OBJECTID);
    /** Inode numbers closer than this are read with one range search rather than two. */
    private static final long BATCH_GAP = 16;

    private final Path path;
    private final Fd root;
    private final SubvolumeInfo info;
    private final Beneath beneath = Beneath.resolver();

    private SnapshotView(Path path, Fd root, SubvolumeInfo info) {
        this.path = path;
        this.root = root;
        this.info = info;
    }

    /**
     * Opens the subvolume whose root directory is {@code path}.
     *
     * @throws SendException when {@code path} is not a subvolume root or not read-only
     */
    public static SnapshotView open(Path path) throws SendException {
        try {
            if (!Subvolumes.isSubvolume(path)) {
                throw new SendException(path + " is not a btrfs subvolume");
            }
            SubvolumeInfo info = SubvolumeIndex.info(path);
            if (!info.readOnly()) {
                throw new SendException(path + " is not read-only; send needs a read-only snapshot: make one with "
                        + "'btrfs subvolume snapshot -r " + path + " DEST', or mark this one with "
                        + "'btrfs property set -ts " + path + " ro true'");
            }
            return new SnapshotView(path, Fd.openDirectory(path), info);
        } catch (NativeException e) {
            throw new SendException("cannot open " + path + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    public SubvolumeInfo info() {
        return info;
    }

    public long treeId() {
        return info.id();
    }

    /** The fd of the subvolume root (borrowed; closed with the view). */
    public Fd fd() {
        return root;
    }

    /** Everything the tree holds about {@code ino}, if the inode exists. */
    public Optional<InodeState> inode(long ino) throws NativeException {
        return Optional.ofNullable(inodes(new TreeSet<>(List.of(ino))).get(ino));
    }

    /**
     * The inodes among {@code inos} that exist, decoded. Neighbouring numbers are read with one
     * range search, so reading every inode of a tree costs one pass over it.
     */
    public SortedMap<Long, InodeState> inodes(SortedSet<Long> inos) throws NativeException {
        SortedMap<Long, InodeState> found = new TreeMap<>(Long::compareUnsigned);
        List<Long> run = new ArrayList<>();
        for (long ino : inos) {
            if (!run.isEmpty() && ino - run.get(run.size() - 1) > BATCH_GAP) {
                readRun(run, found);
                run.clear();
            }
            run.add(ino);
        }
        if (!run.isEmpty()) {
            readRun(run, found);
        }
        return found;
    }

    /** Reads the inodes of {@code run}, ascending neighbours, with one search over their range. */
    private void readRun(List<Long> run, SortedMap<Long, InodeState> found) throws NativeException {
        TreeSearch search = TreeSearch.tree(treeId()).range(Key.first(run.get(0), ItemType.INODE_ITEM),
                Key.last(run.get(run.size() - 1), ItemType.EXTENT_DATA));
        InodeAssembler current = null;
        int wanted = 0; // the first inode of run not yet passed: items come in ascending objectid order
        for (Iterator<Item> it = cursor(search); hasNext(it); ) {
            Item item = next(it);
            while (wanted < run.size() && Long.compareUnsigned(run.get(wanted), item.objectid()) < 0) {
                wanted++;
            }
            if (wanted == run.size() || run.get(wanted) != item.objectid() || item.type() == ItemType.DIR_ITEM) {
                continue; // an inode between the wanted ones; DIR_ITEMs repeat the DIR_INDEX entries
            }
            if (current == null || current.ino != item.objectid()) {
                finish(current, found);
                current = new InodeAssembler(item.objectid());
            }
            current.add(item);
        }
        finish(current, found);
    }

    private static void finish(InodeAssembler assembler, SortedMap<Long, InodeState> found) {
        if (assembler != null && assembler.item != null) {
            found.put(assembler.ino, assembler.build());
        }
    }

    /**
     * The inodes whose INODE_ITEM was written in transaction {@code minTransid} or later: with
     * {@code minTransid = P.otransid + 1} and a proven {@link Lineage}, a superset of the inodes that
     * changed since P, found by reading only the leaves written since then.
     *
     * <p>Why this is enough (btrfs-interface.md §6.3): every kernel path that changes any item of an
     * inode (data and extent items, truncate, hole punch, fallocate, clone and dedupe, xattrs,
     * links and renames, chmod/chown/utimes, atime, inode flags) ends in {@code btrfs_update_inode}
     * for that inode in the same transaction, which stores that transaction in the item's
     * {@code transid}; and adding or removing a directory entry updates the directory's inode
     * (size, mtime) the same way. An inode changed since P therefore has an INODE_ITEM with
     * {@code transid >= minTransid}, and that item sits in a leaf copied on write in that
     * transaction, which the {@code min_transid} search returns. The other items of those leaves
     * (most of what comes back, §3.5) are skipped unless their own inode's item is new: an inode
     * whose INODE_ITEM is absent here, or present with an older transid, has exactly the items it
     * had in P. Deleted inodes have no item in S at all; they are found through the directories
     * that lost their entries ({@link ChangeSet}). Spurious bumps (atime, delalloc flushed into a
     * received subvolume, §6.5) only add candidates that compare equal.
     */
    public SortedSet<Long> inodesWrittenSince(long minTransid) throws NativeException {
        SortedSet<Long> ids = new TreeSet<>(Long::compareUnsigned);
        TreeSearch changedLeaves = TreeSearch.tree(treeId()).range(FIRST_INODE_KEY, LAST_INODE_KEY).minTransid(minTransid);
        for (Iterator<Item> it = cursor(changedLeaves); hasNext(it); ) {
            Item item = next(it);
            if (item.type() == ItemType.INODE_ITEM
                    && Long.compareUnsigned(InodeItem.decode(item.body()).transid(), minTransid) >= 0) {
                ids.add(item.objectid());
            }
        }
        return ids;
    }

    /** Every inode number of the tree (the full compare). */
    public SortedSet<Long> allObjectids() throws NativeException {
        return objectids(TreeSearch.tree(treeId()).range(FIRST_INODE_KEY, LAST_INODE_KEY));
    }

    private SortedSet<Long> objectids(TreeSearch search) throws NativeException {
        SortedSet<Long> ids = new TreeSet<>(Long::compareUnsigned);
        for (Iterator<Item> it = cursor(search); hasNext(it); ) {
            ids.add(next(it).objectid());
        }
        return ids;
    }

    /** The inode that entry {@code name} of directory {@code dir} names, if there is one (DIR_ITEM by hash). */
    public Optional<DirEntry> lookup(long dir, Name name) throws NativeException {
        Optional<Item> item = TreeSearch.tree(treeId()).key(new Key(dir, ItemType.DIR_ITEM, NameHash.dirItem(name)))
                .first(root);
        if (item.isEmpty()) {
            return Optional.empty();
        }
        return DirEntry.decode(item.get().body()).stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /**
     * The path of {@code ino} from the subvolume root by its first name at every level (INODE_REF
     * walk); {@code ""} for the root. Empty when the inode has no name.
     */
    public Optional<byte[]> pathOf(long ino) throws NativeException {
        List<Name> parts = new ArrayList<>();
        long current = ino;
        while (current != InodeState.ROOT_DIR) {
            Optional<InodeState> state = inode(current);
            if (state.isEmpty() || state.get().links().isEmpty()) {
                return Optional.empty();
            }
            Link first = state.get().links().get(0);
            parts.add(0, first.name());
            current = first.parent();
        }
        return Optional.of(PathBytes.join(parts));
    }

    /** Opens the file at {@code relativePath} beneath the snapshot root for reading, following no symlink. */
    public Fd openFile(byte[] relativePath) throws NativeException, UnsafePathException {
        try (Beneath.Entry entry = beneath.entry(root, relativePath)) {
            return Posix.openat(entry.dir(), entry.name(), 0, 0);
        }
    }

    @Override
    public void close() throws NativeException {
        root.close();
    }

    @Override
    public String toString() {
        return path + " (subvolume " + info.id() + ")";
    }

    private Iterator<Item> cursor(TreeSearch search) {
        SearchCursor cursor = search.open(root);
        return cursor;
    }

    private static boolean hasNext(Iterator<Item> it) throws NativeException {
        try {
            return it.hasNext();
        } catch (UncheckedIOException e) {
            throw unwrap(e);
        }
    }

    private static Item next(Iterator<Item> it) throws NativeException {
        try {
            return it.next();
        } catch (UncheckedIOException e) {
            throw unwrap(e);
        }
    }

    private static NativeException unwrap(UncheckedIOException e) {
        if (e.getCause() instanceof NativeException n) {
            return n;
        }
        throw e;
    }

    /** Collects the items of one inode, which arrive in key order, into an {@link InodeState}. */
    private static final class InodeAssembler {
        final long ino;
        InodeItem item;
        final List<Link> links = new ArrayList<>();
        final List<Item> xattrs = new ArrayList<>();
        final List<Item> extents = new ArrayList<>();
        final List<Item> entries = new ArrayList<>();

        InodeAssembler(long ino) {
            this.ino = ino;
        }

        void add(Item i) {
            switch (i.type()) {
                case ItemType.INODE_ITEM -> item = InodeItem.decode(i.body());
                case ItemType.INODE_REF -> {
                    for (InodeRef ref : InodeRef.decode(i.body())) {
                        links.add(new Link(i.offset(), ref.name()));
                    }
                }
                case ItemType.INODE_EXTREF -> {
                    for (InodeExtref ref : InodeExtref.decode(i.body())) {
                        links.add(new Link(ref.parent(), ref.name()));
                    }
                }
                case ItemType.XATTR_ITEM -> xattrs.add(i);
                case ItemType.DIR_INDEX -> entries.add(i);
                case ItemType.EXTENT_DATA -> extents.add(i);
                default -> {
                    // verity items and anything newer: not sent
                }
            }
        }

        InodeState build() {
            if (ino == InodeState.ROOT_DIR) {
                links.clear(); // the root's only ref is ".." pointing at itself
            }
            return new InodeState(ino, item, links, xattrs, extents, entries);
        }
    }
}
