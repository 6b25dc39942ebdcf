package dev.ferry.send;

import dev.ferry.btrfs.items.InodeItem;
import dev.ferry.btrfs.items.Name;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One inode number as the parent P and the snapshot S have it. When both have it with the same
 * generation it is one inode that {@link #survives()} (maybe changed); otherwise the number was
 * reused, or the inode is only on one side: the P inode is {@link #gone()} and the S inode is
 * {@link #born()}.
 *
 * @param before the inode in P, if any
 * @param after  the inode in S, if any
 */
public record InodeDiff(long ino, Optional<InodeState> before, Optional<InodeState> after) {

    public enum Kind { CREATED, DELETED, REPLACED, CHANGED, UNCHANGED }

    public InodeDiff {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        if (before.isEmpty() && after.isEmpty()) {
            throw new IllegalArgumentException("inode " + ino + " is in neither tree");
        }
    }

    public Kind kind() {
        if (before.isEmpty()) {
            return Kind.CREATED;
        }
        if (after.isEmpty()) {
            return Kind.DELETED;
        }
        if (!survives()) {
            return Kind.REPLACED;
        }
        return sameContent(before.get(), after.get()) ? Kind.UNCHANGED : Kind.CHANGED;
    }

    /** Both trees have this inode (same number and generation). */
    public boolean survives() {
        return before.isPresent() && after.isPresent()
                && before.get().item().generation() == after.get().item().generation();
    }

    /** The P inode that S no longer has (deleted, or its number reused). */
    public Optional<InodeState> gone() {
        return survives() ? Optional.empty() : before;
    }

    /** The S inode that P did not have (created, or a reused number). */
    public Optional<InodeState> born() {
        return survives() ? Optional.empty() : after;
    }

    /** Whether anything the receiver can see differs. */
    public boolean isChange() {
        return kind() != Kind.UNCHANGED;
    }

    /** Xattrs to set: new or changed values, by name. */
    public SortedMap<Name, byte[]> xattrsToSet() {
        SortedMap<Name, byte[]> set = new TreeMap<>();
        Map<Name, byte[]> old = survives() ? before.get().xattrs() : Map.of();
        after.ifPresent(s -> s.xattrs().forEach((name, value) -> {
            byte[] was = old.get(name);
            if (was == null || !Arrays.equals(was, value)) {
                set.put(name, value);
            }
        }));
        return set;
    }

    /** Xattrs to remove: in P, not in S. */
    public List<Name> xattrsToRemove() {
        if (!survives()) {
            return List.of();
        }
        return before.get().xattrs().keySet().stream().filter(n -> !after.get().xattrs().containsKey(n)).toList();
    }

    /**
     * Same inode, same visible state: inode item fields a receiver can observe, names, xattrs and
     * extent map. Transid, sequence and nbytes are bookkeeping and ignored; directory entries show
     * up as changes of the children and of the directory's own item.
     */
    static boolean sameContent(InodeState p, InodeState s) {
        return sameItem(p.item(), s.item()) && p.links().equals(s.links()) && sameXattrs(p, s)
                && p.extents().equals(s.extents());
    }

    static boolean sameItem(InodeItem a, InodeItem b) {
        return a.size() == b.size() && a.nlink() == b.nlink() && a.uid() == b.uid() && a.gid() == b.gid()
                && a.mode() == b.mode() && a.rdev() == b.rdev() && a.flags() == b.flags()
                && a.atime().equals(b.atime()) && a.mtime().equals(b.mtime()) && a.ctime().equals(b.ctime())
                && a.otime().equals(b.otime());
    }

    private static boolean sameXattrs(InodeState p, InodeState s) {
        if (!p.xattrs().keySet().equals(s.xattrs().keySet())) {
            return false;
        }
        for (Map.Entry<Name, byte[]> e : p.xattrs().entrySet()) {
            if (!Arrays.equals(e.getValue(), s.xattrs().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
