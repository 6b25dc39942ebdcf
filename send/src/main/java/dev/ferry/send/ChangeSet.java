package dev.ferry.send;

import dev.ferry.btrfs.NativeException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed between a parent P (or nothing, for a full send) and a snapshot S: one
 * {@link InodeDiff} per changed inode number, in inode order.
 *
 * <p>Found in two steps. The change scan gives candidate inode numbers: with a proven
 * {@link Lineage}, the inodes of S whose own INODE_ITEM was written after P was created (see
 * {@link SnapshotView#inodesWrittenSince} for why no other inode can have changed); otherwise every
 * objectid of both trees. Then each candidate is read from both trees and compared. Deleted inodes
 * have no items left in S, so they are found through their directories: an entry of P that S
 * no longer has makes the inode it named a candidate too, until no new candidate turns up.
 */
public final class ChangeSet {
    private final SortedMap<Long, InodeDiff> diffs;
    private final Lineage lineage;
    private final int candidates;

    private ChangeSet(SortedMap<Long, InodeDiff> diffs, Lineage lineage, int candidates) {
        this.diffs = Collections.unmodifiableSortedMap(diffs);
        this.lineage = lineage;
        this.candidates = candidates;
    }

    /** Compares {@code snapshot} with {@code parent} (empty: a full send) as {@code lineage} allows. */
    public static ChangeSet compute(SnapshotView snapshot, Optional<SnapshotView> parent, Lineage lineage)
            throws NativeException {
        SortedSet<Long> pending = scan(snapshot, parent, lineage);
        SortedSet<Long> seen = new TreeSet<>(Long::compareUnsigned);
        SortedMap<Long, InodeDiff> diffs = new TreeMap<>(Long::compareUnsigned);
        while (!pending.isEmpty()) {
            seen.addAll(pending);
            SortedMap<Long, InodeState> inS = snapshot.inodes(pending);
            SortedMap<Long, InodeState> inP = parent.isPresent() ? parent.get().inodes(pending) : new TreeMap<>();
            SortedSet<Long> next = new TreeSet<>(Long::compareUnsigned);
            for (long ino : pending) {
                InodeState p = inP.get(ino);
                InodeState s = inS.get(ino);
                if (p == null && s == null) {
                    continue; // a stale objectid, e.g. from a full compare of unrelated trees
                }
                InodeDiff diff = new InodeDiff(ino, Optional.ofNullable(p), Optional.ofNullable(s));
                if (diff.isChange()) {
                    diffs.put(ino, diff);
                    entriesThatMoved(diff).stream().filter(t -> !seen.contains(t)).forEach(next::add);
                }
            }
            pending = next;
        }
        return new ChangeSet(diffs, lineage, seen.size());
    }

    private static SortedSet<Long> scan(SnapshotView snapshot, Optional<SnapshotView> parent, Lineage lineage)
            throws NativeException {
        if (parent.isEmpty()) {
            return snapshot.allObjectids();
        }
        if (lineage.isProven()) {
            return snapshot.inodesWrittenSince(lineage.minTransid().getAsLong());
        }
        SortedSet<Long> all = snapshot.allObjectids();
        all.addAll(parent.get().allObjectids());
        return all;
    }

    /**
     * The inodes named by entries that a changed directory lost or gained: a lost entry may be
     * the only trace of a deleted inode.
     */
    private static SortedSet<Long> entriesThatMoved(InodeDiff diff) {
        SortedSet<Long> targets = new TreeSet<>(Long::compareUnsigned);
        Map<dev.ferry.btrfs.items.Name, Long> before = diff.before().map(InodeState::entries).orElse(new TreeMap<>());
        Map<dev.ferry.btrfs.items.Name, Long> after = diff.survives() ? diff.after().get().entries()
                : diff.after().map(InodeState::entries).orElse(new TreeMap<>());
        if (!diff.survives()) {
            targets.addAll(before.values());
            targets.addAll(after.values());
            return targets;
        }
        before.forEach((name, ino) -> {
            if (!ino.equals(after.get(name))) {
                targets.add(ino);
            }
        });
        after.forEach((name, ino) -> {
            if (!ino.equals(before.get(name))) {
                targets.add(ino);
            }
        });
        return targets;
    }

    /** The changed inodes, by number. */
    public SortedMap<Long, InodeDiff> diffs() {
        return diffs;
    }

    public Optional<InodeDiff> diff(long ino) {
        return Optional.ofNullable(diffs.get(ino));
    }

    /** Whether S has inode {@code ino} exactly as P has it (or it is in neither). */
    public boolean isUnchanged(long ino) {
        return !diffs.containsKey(ino);
    }

    public Lineage lineage() {
        return lineage;
    }

    /** How many inode numbers were read and compared. */
    public int candidates() {
        return candidates;
    }
}
