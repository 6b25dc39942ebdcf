package dev.ferry.send;

import dev.ferry.btrfs.SubvolumeInfo;
import java.util.OptionalLong;

/**
 * How a snapshot S relates to its parent P, which decides how its changes can be found
 * (btrfs-interface.md §6.6).
 *
 * <p>When the relation is proven, every change between P and S sits in a leaf of S written after
 * P was created, so searching S with {@code min_transid = P.otransid + 1} finds them all while
 * reading only the changed leaves. Otherwise both trees are compared in full: still correct, but
 * proportional to their size.
 *
 * @param minTransid  the leaf generation threshold for the change scan; empty for a full compare
 * @param explanation why, in words, for the user
 */
public record Lineage(OptionalLong minTransid, String explanation) {

    /** No parent: every inode of S is new. */
    public static Lineage none() {
        return new Lineage(OptionalLong.empty(), "full send");
    }

    /**
     * The relation between read-only snapshots {@code s} and {@code p}: siblings (snapshots of the
     * same source) or S a snapshot of P, in both cases with P unchanged since the point S shares
     * with it; anything else gets a full compare.
     */
    public static Lineage between(SubvolumeInfo s, SubvolumeInfo p) {
        long threshold = p.otransid() + 1;
        boolean siblings = s.parentUuid().isPresent() && s.parentUuid().equals(p.parentUuid());
        boolean childOfParent = s.parentUuid().isPresent() && s.parentUuid().get().equals(p.uuid());
        // A parent whose contents changed after it was created (made writable and back) shares
        // leaves with S that no longer describe P: then only a full compare is safe.
        if (siblings && Long.compareUnsigned(p.ctransid(), p.otransid()) <= 0) {
            return new Lineage(OptionalLong.of(threshold), "snapshots of the same subvolume");
        }
        if (childOfParent && Long.compareUnsigned(p.ctransid(), s.otransid()) <= 0) {
            return new Lineage(OptionalLong.of(threshold), "snapshot of the parent");
        }
        String why = siblings || childOfParent
                ? "the parent was modified after it was created"
                : "the parent and the snapshot are not snapshots of the same subvolume";
        return new Lineage(OptionalLong.empty(), why + "; comparing both trees in full (slower, proportional to their size)");
    }

    public boolean isProven() {
        return minTransid.isPresent();
    }
}
