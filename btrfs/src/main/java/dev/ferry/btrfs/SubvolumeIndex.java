package dev.ferry.btrfs;

import dev.ferry.btrfs.internal.SubvolIoctls;
import dev.ferry.btrfs.items.RootItem;
import dev.ferry.btrfs.items.RootRef;
import dev.ferry.btrfs.items.UuidTree;
import dev.ferry.btrfs.search.Item;
import dev.ferry.btrfs.search.ItemType;
import dev.ferry.btrfs.search.Key;
import dev.ferry.btrfs.search.TreeId;
import dev.ferry.btrfs.search.TreeSearch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The subvolumes of one btrfs filesystem, read from the root tree (ROOT_ITEM + ROOT_BACKREF),
 * the UUID tree and INO_LOOKUP. Read-only; every query reads the trees afresh. Needs
 * CAP_SYS_ADMIN (tree search), except {@link #info(Path)}, which works for anyone.
 *
 * <p>Paths are relative to the top level of the filesystem (subvolume 5), "" for the top level,
 * as {@code btrfs subvolume list} prints them; they say where a subvolume sits, and match a
 * path under the mount point only when the top level is what is mounted.
 */
public final class SubvolumeIndex implements AutoCloseable {
    private final Fd fd;

    private SubvolumeIndex(Fd fd) {
        this.fd = fd;
    }

    /** An index of the filesystem that {@code anyPath} (a directory) is on. */
    public static SubvolumeIndex open(Path anyPath) throws NativeException {
        return new SubvolumeIndex(Fd.openDirectory(anyPath));
    }

    /**
     * What btrfs knows about the subvolume that contains {@code dir} (GET_SUBVOL_INFO). Its
     * {@code path} from the top level is filled when the caller may search trees, else null.
     *
     * @throws NativeException ENOTTY when {@code dir} is not on btrfs
     */
    public static SubvolumeInfo info(Path dir) throws NativeException {
        try (Fd fd = Fd.openDirectory(dir)) {
            SubvolumeInfo info = SubvolIoctls.getSubvolInfo(fd, null);
            String path;
            try {
                path = new SubvolumeIndex(fd).pathOf(info.id());
            } catch (NativeException e) {
                if (e.errno() != Errno.EPERM) {
                    throw e;
                }
                path = null;
            }
            return withPath(info, path);
        }
    }

    /** GET_SUBVOL_INFO of the subvolume the index was opened in, with its path. */
    public SubvolumeInfo containing() throws NativeException {
        SubvolumeInfo info = SubvolIoctls.getSubvolInfo(fd, null);
        return withPath(info, pathOf(info.id()));
    }

    /** The id of the subvolume the index was opened in (no privilege needed). */
    public long containingId() throws NativeException {
        return SubvolIoctls.subvolumeId(fd);
    }

    /**
     * Every live subvolume and snapshot (id ≥ 256, linked into a directory), by id; neither the
     * top level nor deleted subvolumes awaiting cleanup.
     */
    public List<SubvolumeInfo> list() throws NativeException {
        Map<Long, RootItem> roots = new TreeMap<>(Long::compareUnsigned);
        Map<Long, Backref> backrefs = new HashMap<>();
        TreeSearch search = TreeSearch.tree(TreeId.ROOT_TREE).range(
                Key.first(TreeId.FIRST_FREE_OBJECTID, ItemType.ROOT_ITEM),
                Key.last(TreeId.LAST_FREE_OBJECTID, ItemType.ROOT_BACKREF));
        for (Item item : search.list(fd)) {
            if (item.type() == ItemType.ROOT_ITEM) {
                roots.put(item.objectid(), RootItem.decode(item.body())); // the last one wins
            } else if (item.type() == ItemType.ROOT_BACKREF) {
                backrefs.putIfAbsent(item.objectid(), new Backref(item.offset(), RootRef.decode(item.body())));
            }
        }
        Map<Long, String> paths = new HashMap<>();
        paths.put(TreeId.FS_TREE, "");
        List<SubvolumeInfo> all = new ArrayList<>();
        for (Map.Entry<Long, RootItem> root : roots.entrySet()) {
            Backref backref = backrefs.get(root.getKey());
            if (backref != null) {
                String path = resolvePath(root.getKey(), backrefs, paths);
                all.add(toInfo(root.getKey(), root.getValue(), Optional.of(backref), path));
            }
        }
        return List.copyOf(all);
    }

    /** The subvolume with tree id {@code id} (5 for the top level), if it exists and is live. */
    public Optional<SubvolumeInfo> byId(long id) throws NativeException {
        Optional<RootItem> root = rootItem(id);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        if (id == TreeId.FS_TREE) {
            return Optional.of(toInfo(id, root.get(), Optional.empty(), ""));
        }
        Optional<Backref> backref = backref(id);
        if (backref.isEmpty()) {
            return Optional.empty(); // deleted, waiting for the cleaner
        }
        return Optional.of(toInfo(id, root.get(), backref, pathOf(id)));
    }

    /** The subvolume whose own uuid is {@code uuid} (UUID tree, SUBVOL entries). */
    public Optional<SubvolumeInfo> findByUuid(UUID uuid) throws NativeException {
        return firstLive(subvolumeIds(uuid, ItemType.UUID_KEY_SUBVOL));
    }

    /**
     * A subvolume whose received_uuid is {@code uuid} (UUID tree, RECEIVED_SUBVOL entries). Several
     * can share one (read-only snapshots of a received subvolume keep it); the first listed wins.
     */
    public Optional<SubvolumeInfo> findByReceivedUuid(UUID uuid) throws NativeException {
        return firstLive(subvolumeIds(uuid, ItemType.UUID_KEY_RECEIVED_SUBVOL));
    }

    /**
     * The local subvolume a receiver should use for a stream's parent or clone source
     * {@code uuid}: one received from it, else the subvolume with that uuid itself (the order of
     * btrfs-progs' {@code search_source_subvol}).
     */
    public Optional<SubvolumeInfo> findReceiveSource(UUID uuid) throws NativeException {
        Optional<SubvolumeInfo> received = findByReceivedUuid(uuid);
        return received.isPresent() ? received : findByUuid(uuid);
    }

    /** The subvolume ids filed under {@code uuid} in the UUID tree with {@code type} (251 or 252). */
    public List<Long> subvolumeIds(UUID uuid, int type) throws NativeException {
        Optional<Item> item = TreeSearch.tree(TreeId.UUID_TREE).key(UuidTree.key(uuid, type)).first(fd);
        return item.map(i -> UuidTree.decode(i.body())).orElse(List.of());
    }

    /** The path of subvolume {@code id} from the top level ("" for 5). */
    public String pathOf(long id) throws NativeException {
        List<String> parts = new ArrayList<>();
        long current = id;
        while (current != TreeId.FS_TREE) {
            long child = current;
            Backref backref = backref(child).orElseThrow(
                    () -> new NativeException("subvolume " + Long.toUnsignedString(child) + " has no ROOT_BACKREF",
                            fd.path(), Errno.ENOENT.number()));
            parts.add(0, entryPath(backref));
            current = backref.parentId();
        }
        return String.join("/", parts);
    }

    /** The path of inode {@code ino} relative to the root of subvolume {@code subvolumeId} ("" for 256). */
    public String inodePath(long subvolumeId, long ino) throws NativeException {
        return new String(SubvolIoctls.inoLookup(fd, subvolumeId, ino), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws NativeException {
        fd.close();
    }

    /** Where a subvolume is linked: in which parent subvolume, which directory, under which name. */
    private record Backref(long parentId, RootRef ref) {
    }

    private Optional<RootItem> rootItem(long id) throws NativeException {
        return TreeSearch.tree(TreeId.ROOT_TREE).range(Key.first(id, ItemType.ROOT_ITEM), Key.last(id, ItemType.ROOT_ITEM))
                .last(fd).map(i -> RootItem.decode(i.body()));
    }

    private Optional<Backref> backref(long id) throws NativeException {
        return TreeSearch.tree(TreeId.ROOT_TREE).range(Key.first(id, ItemType.ROOT_BACKREF), Key.last(id, ItemType.ROOT_BACKREF))
                .first(fd).map(i -> new Backref(i.offset(), RootRef.decode(i.body())));
    }

    private Optional<SubvolumeInfo> firstLive(List<Long> ids) throws NativeException {
        for (long id : ids) {
            Optional<SubvolumeInfo> info = byId(id);
            if (info.isPresent()) {
                return info;
            }
        }
        return Optional.empty();
    }

    /** The path of the entry in its parent subvolume: directory path (INO_LOOKUP) + name. */
    private String entryPath(Backref backref) throws NativeException {
        String dir = inodePath(backref.parentId(), backref.ref().dirid());
        String name = backref.ref().name().toString();
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    private String resolvePath(long id, Map<Long, Backref> backrefs, Map<Long, String> paths) throws NativeException {
        String known = paths.get(id);
        if (known != null) {
            return known;
        }
        Backref backref = backrefs.get(id);
        if (backref == null) {
            throw new NativeException("subvolume " + Long.toUnsignedString(id) + " has no ROOT_BACKREF", fd.path(),
                    Errno.ENOENT.number());
        }
        String parentPath = resolvePath(backref.parentId(), backrefs, paths);
        String entry = entryPath(backref);
        String path = parentPath.isEmpty() ? entry : parentPath + "/" + entry;
        paths.put(id, path);
        return path;
    }

    private static SubvolumeInfo toInfo(long id, RootItem root, Optional<Backref> backref, String path) {
        return new SubvolumeInfo(
                id,
                backref.map(Backref::parentId).orElse(0L),
                backref.map(b -> b.ref().dirid()).orElse(0L),
                backref.map(b -> b.ref().name().toString()).orElse(""),
                path,
                root.uuid(),
                root.parentUuid(),
                root.receivedUuid(),
                root.generation(),
                root.ctransid(),
                root.otransid(),
                root.stransid(),
                root.rtransid(),
                root.ctime(),
                root.otime(),
                root.stime(),
                root.rtime(),
                root.readOnly());
    }

    private static SubvolumeInfo withPath(SubvolumeInfo i, String path) {
        return new SubvolumeInfo(i.id(), i.parentId(), i.dirId(), i.name(), path, i.uuid(), i.parentUuid(),
                i.receivedUuid(), i.generation(), i.ctransid(), i.otransid(), i.stransid(), i.rtransid(), i.ctime(),
                i.otime(), i.stime(), i.rtime(), i.readOnly());
    }
}
