package dev.ferry.send;

import dev.ferry.btrfs.items.DirEntry;
import dev.ferry.btrfs.items.FileExtentItem;
import dev.ferry.btrfs.items.InodeItem;
import dev.ferry.btrfs.items.Name;
import dev.ferry.btrfs.items.Xattr;
import dev.ferry.btrfs.search.Item;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything one tree says about one inode: its inode item, its names (hard links), its xattrs,
 * its extent map and, for a directory, its entries. Immutable; collections sorted.
 *
 * <p>The inode item and the names are decoded when the state is read; xattrs, extents and entries
 * are kept as the raw items and decoded on first use. Most inodes a send reads are looked at for
 * their identity and names only (the directories on the way to a changed inode, or an inode whose
 * inode item already shows the change), and a directory's entries or a large file's extent map
 * are the bulk of the decoding.
 */
public final class InodeState {

    public static final long ROOT_DIR = 256;
    /** The xattr that a chown (and any write) clears on the receiver; re-sent after both. */
    public static final Name SECURITY_CAPABILITY = Name.of("security.capability");
    /** POSIX ACLs as xattrs; a directory's default ACL is inherited by what is created in it. */
    public static final Name ACL_ACCESS = Name.of("system.posix_acl_access");
    public static final Name ACL_DEFAULT = Name.of("system.posix_acl_default");

    private final long ino;
    private final InodeItem item;
    private final List<Link> links;
    private final List<Item> xattrItems;
    private final List<Item> extentItems;
    private final List<Item> entryItems;
    private SortedMap<Name, byte[]> xattrs;
    private List<Extent> extents;
    private SortedMap<Name, Long> entries;

    /**
     * @param links       every name of the inode
     * @param xattrItems  its XATTR_ITEMs, in key order
     * @param extentItems its EXTENT_DATA items, in key (file offset) order
     * @param entryItems  for a directory, its DIR_INDEX items; empty otherwise
     */
    InodeState(long ino, InodeItem item, List<Link> links, List<Item> xattrItems, List<Item> extentItems,
               List<Item> entryItems) {
        this.ino = ino;
        this.item = item;
        List<Link> sorted = new ArrayList<>(links);
        sorted.sort(null);
        this.links = List.copyOf(sorted);
        this.xattrItems = List.copyOf(xattrItems);
        this.extentItems = List.copyOf(extentItems);
        this.entryItems = List.copyOf(entryItems);
    }

    public long ino() {
        return ino;
    }

    public InodeItem item() {
        return item;
    }

    /** Every name of the inode, sorted ({@link Link} order). */
    public List<Link> links() {
        return links;
    }

    /** Xattr name to value, sorted by name. */
    public synchronized SortedMap<Name, byte[]> xattrs() {
        if (xattrs == null) {
            SortedMap<Name, byte[]> decoded = new TreeMap<>();
            for (Item i : xattrItems) {
                for (Xattr x : Xattr.decode(i.body())) {
                    decoded.put(x.name(), x.value());
                }
            }
            xattrs = Collections.unmodifiableSortedMap(decoded);
        }
        return xattrs;
    }

    /** The EXTENT_DATA items in file-offset order. */
    public synchronized List<Extent> extents() {
        if (extents == null) {
            List<Extent> decoded = new ArrayList<>(extentItems.size());
            for (Item i : extentItems) {
                decoded.add(new Extent(i.offset(), FileExtentItem.decode(i.body())));
            }
            extents = List.copyOf(decoded);
        }
        return extents;
    }

    /**
     * For a directory: entry name to the inode it names (DIR_INDEX items; entries that name a
     * subvolume are left out, as send leaves nested subvolumes out); empty otherwise.
     */
    public synchronized SortedMap<Name, Long> entries() {
        if (entries == null) {
            SortedMap<Name, Long> decoded = new TreeMap<>();
            for (Item i : entryItems) {
                for (DirEntry e : DirEntry.decode(i.body())) {
                    if (!e.isSubvolume()) {
                        decoded.put(e.name(), e.location().objectid());
                    }
                }
            }
            entries = Collections.unmodifiableSortedMap(decoded);
        }
        return entries;
    }

    /** The inode's identity: an inode number is reused with a new generation. */
    public InodeId id() {
        return InodeId.of(ino, item.generation());
    }

    public int fileType() {
        return item.mode() & 0170000;
    }

    public boolean isDirectory() {
        return item.isDirectory();
    }

    public boolean isRegularFile() {
        return item.isRegularFile();
    }

    public boolean isSymlink() {
        return item.isSymlink();
    }

    public Optional<byte[]> xattr(Name name) {
        return Optional.ofNullable(xattrs().get(name));
    }

    /** The directory's entries as an unmodifiable map. */
    public Map<Name, Long> entryMap() {
        return entries();
    }

    @Override
    public String toString() {
        return "InodeState[" + Long.toUnsignedString(ino) + " " + item + " " + links + "]";
    }
}
