package dev.ferry.send;

import dev.ferry.btrfs.items.InodeItem;
import dev.ferry.btrfs.items.Name;
import dev.ferry.btrfs.items.Xattr;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Everything one tree says about one inode, decoded: its inode item, its names (hard links),
 * its xattrs, its extent map and, for a directory, its entries. Immutable; collections sorted.
 *
 * @param links   every name of the inode, sorted ({@link Link} order)
 * @param xattrs  xattr name to value, sorted by name
 * @param extents EXTENT_DATA items in file-offset order
 * @param entries for a directory: entry name to the inode it names (DIR_INDEX items; entries that
 *                name a subvolume are left out, as send leaves nested subvolumes out); empty otherwise
 */
public record InodeState(long ino, InodeItem item, List<Link> links, SortedMap<Name, byte[]> xattrs,
                         List<Extent> extents, SortedMap<Name, Long> entries) {

    public static final long ROOT_DIR = 256;
    /** The xattr that a chown (and any write) clears on the receiver; re-sent after both. */
    public static final Name SECURITY_CAPABILITY = Name.of("security.capability");
    /** POSIX ACLs as xattrs; a directory's default ACL is inherited by what is created in it. */
    public static final Name ACL_ACCESS = Name.of("system.posix_acl_access");
    public static final Name ACL_DEFAULT = Name.of("system.posix_acl_default");

    public InodeState {
        links = List.copyOf(links);
        xattrs = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(xattrs));
        extents = List.copyOf(extents);
        entries = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(entries));
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
        return Optional.ofNullable(xattrs.get(name));
    }

    /** The directory's entries as an unmodifiable map. */
    public Map<Name, Long> entryMap() {
        return entries;
    }
}
