package dev.ferry.send.diff;

import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.items.InodeItem;
import dev.ferry.btrfs.items.Name;
import dev.ferry.send.ChangeSet;
import dev.ferry.send.InodeDiff;
import dev.ferry.send.InodeState;
import dev.ferry.send.Lineage;
import dev.ferry.send.Link;
import dev.ferry.send.SendException;
import dev.ferry.send.SnapshotView;
import dev.ferry.stream.ByteString;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What changed between two read-only snapshots, path by path, like {@code zfs diff}: built on the
 * sender's {@link ChangeSet}, so it costs what the change costs to find (or a full compare when
 * the snapshots are not related closely enough, see {@link Lineage}).
 *
 * <p>Per changed inode:
 * <ul>
 * <li>gone from S (deleted, or its number reused): {@code DELETED} at each of its names in P;</li>
 * <li>born in S: {@code ADDED} at each of its names in S. A directory replaced by a file of the
 * same name is therefore a deletion and an addition at that path;</li>
 * <li>surviving with different names: one name lost and one gained is a {@code RENAMED}; any
 * other change of names is listed as {@code LINK_REMOVED} and {@code LINK_ADDED}. The entries of
 * a renamed directory keep their (parent, name) links, so they are not listed;</li>
 * <li>surviving with other changes: {@code MODIFIED} at each of its names in S, saying which
 * {@link Aspect}s and xattrs changed. The ctime and link count that a change of names brings
 * with it are not listed again.</li>
 * </ul>
 * Changes are sorted ({@link PathChange} order), so the result depends only on the two trees.
 */
public final class SnapshotDiff {
    /** What a change of names does to the inode itself; implied by the rename or link lines. */
    private static final Set<Aspect> IMPLIED_BY_NAME_CHANGES = EnumSet.of(Aspect.CTIME, Aspect.NLINK);

    private final Lineage lineage;
    private final List<PathChange> changes;
    private final int candidates;

    private SnapshotDiff(Lineage lineage, List<PathChange> changes, int candidates) {
        this.lineage = lineage;
        this.changes = List.copyOf(changes);
        this.candidates = candidates;
    }

    /**
     * Opens the two read-only snapshots at {@code parent} and {@code snapshot} and compares them;
     * {@code notices} hears when the comparison has to read both trees in full.
     */
    public static SnapshotDiff between(Path parent, Path snapshot, Consumer<String> notices) throws SendException {
        try (SnapshotView p = SnapshotView.open(parent); SnapshotView s = SnapshotView.open(snapshot)) {
            return compute(p, s, notices);
        } catch (NativeException e) {
            throw new SendException(e.getMessage(), e);
        }
    }

    /** Compares two open snapshots. */
    public static SnapshotDiff compute(SnapshotView parent, SnapshotView snapshot, Consumer<String> notices)
            throws NativeException {
        Lineage lineage = Lineage.between(snapshot.info(), parent.info());
        if (!lineage.isProven()) {
            notices.accept(snapshot.path() + ": " + lineage.explanation());
        }
        ChangeSet changeSet = ChangeSet.compute(snapshot, Optional.of(parent), lineage);
        Collection<InodeDiff> diffs = changeSet.diffs().values();
        TreePaths inP = new TreePaths(parent, states(diffs, InodeDiff::before));
        TreePaths inS = new TreePaths(snapshot, states(diffs, InodeDiff::after));
        List<PathChange> changes = new ArrayList<>();
        for (InodeDiff diff : diffs) {
            if (diff.survives()) {
                describeSurvivor(diff, inP, inS, changes);
            } else {
                describeGoneAndBorn(diff, inP, inS, changes);
            }
        }
        Collections.sort(changes);
        return new SnapshotDiff(lineage, changes, changeSet.candidates());
    }

    private static Map<Long, InodeState> states(Collection<InodeDiff> diffs, Function<InodeDiff, Optional<InodeState>> side) {
        Map<Long, InodeState> states = new HashMap<>();
        for (InodeDiff diff : diffs) {
            side.apply(diff).ifPresent(state -> states.put(diff.ino(), state));
        }
        return states;
    }

    private static void describeGoneAndBorn(InodeDiff diff, TreePaths inP, TreePaths inS, List<PathChange> out)
            throws NativeException {
        if (diff.gone().isPresent()) {
            InodeState gone = diff.gone().get();
            for (Link link : gone.links()) {
                out.add(PathChange.of(PathChange.Kind.DELETED, typeOf(gone), inP.of(link)));
            }
        }
        if (diff.born().isPresent()) {
            InodeState born = diff.born().get();
            for (Link link : born.links()) {
                out.add(PathChange.of(PathChange.Kind.ADDED, typeOf(born), inS.of(link)));
            }
        }
    }

    private static void describeSurvivor(InodeDiff diff, TreePaths inP, TreePaths inS, List<PathChange> out)
            throws NativeException {
        InodeState before = diff.before().orElseThrow();
        InodeState after = diff.after().orElseThrow();
        FileType type = typeOf(after);
        SortedSet<Link> lost = minus(before.links(), after.links());
        SortedSet<Link> gained = minus(after.links(), before.links());
        if (lost.size() == 1 && gained.size() == 1) {
            out.add(PathChange.renamed(type, inP.of(lost.first()), inS.of(gained.first())));
        } else {
            for (Link link : lost) {
                out.add(PathChange.of(PathChange.Kind.LINK_REMOVED, type, inP.of(link)));
            }
            for (Link link : gained) {
                out.add(PathChange.of(PathChange.Kind.LINK_ADDED, type, inS.of(link)));
            }
        }
        Set<Aspect> aspects = aspects(before, after);
        if (!lost.isEmpty() || !gained.isEmpty()) {
            aspects.removeAll(IMPLIED_BY_NAME_CHANGES);
        }
        SortedSet<ByteString> set = names(diff.xattrsToSet().keySet());
        SortedSet<ByteString> removed = names(diff.xattrsToRemove());
        if (aspects.isEmpty() && set.isEmpty() && removed.isEmpty()) {
            return;
        }
        if (after.ino() == InodeState.ROOT_DIR) {
            out.add(PathChange.modified(type, ByteString.EMPTY, aspects, set, removed));
        }
        for (Link link : after.links()) {
            out.add(PathChange.modified(type, inS.of(link), aspects, set, removed));
        }
    }

    /** The properties of a surviving inode that differ (its names aside). */
    static Set<Aspect> aspects(InodeState before, InodeState after) {
        InodeItem p = before.item();
        InodeItem s = after.item();
        Set<Aspect> changed = EnumSet.noneOf(Aspect.class);
        addIf(changed, Aspect.DATA, !before.extents().equals(after.extents()));
        addIf(changed, Aspect.SIZE, p.size() != s.size());
        addIf(changed, Aspect.MODE, p.mode() != s.mode());
        addIf(changed, Aspect.UID, p.uid() != s.uid());
        addIf(changed, Aspect.GID, p.gid() != s.gid());
        addIf(changed, Aspect.RDEV, p.rdev() != s.rdev());
        addIf(changed, Aspect.FLAGS, p.flags() != s.flags());
        addIf(changed, Aspect.NLINK, p.nlink() != s.nlink());
        addIf(changed, Aspect.ATIME, !p.atime().equals(s.atime()));
        addIf(changed, Aspect.MTIME, !p.mtime().equals(s.mtime()));
        addIf(changed, Aspect.CTIME, !p.ctime().equals(s.ctime()));
        return changed;
    }

    private static void addIf(Set<Aspect> set, Aspect aspect, boolean condition) {
        if (condition) {
            set.add(aspect);
        }
    }

    private static SortedSet<Link> minus(List<Link> these, List<Link> those) {
        SortedSet<Link> rest = new TreeSet<>(these);
        those.forEach(rest::remove);
        return rest;
    }

    private static SortedSet<ByteString> names(Collection<Name> names) {
        SortedSet<ByteString> out = new TreeSet<>();
        names.forEach(n -> out.add(ByteString.of(n.bytes())));
        return out;
    }

    private static FileType typeOf(InodeState state) {
        return FileType.ofMode(state.item().mode());
    }

    /** How the changes were found: the scan threshold, or a full compare and why. */
    public Lineage lineage() {
        return lineage;
    }

    /** Every change, sorted. */
    public List<PathChange> changes() {
        return changes;
    }

    /** How many inode numbers were read and compared to find the changes. */
    public int candidates() {
        return candidates;
    }
}
