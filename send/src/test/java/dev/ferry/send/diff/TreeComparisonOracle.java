package dev.ferry.send.diff;

import dev.ferry.btrfs.testing.tree.ComparisonOptions;
import dev.ferry.btrfs.testing.tree.Difference;
import dev.ferry.btrfs.testing.tree.Entry;
import dev.ferry.btrfs.testing.tree.Property;
import dev.ferry.btrfs.testing.tree.RelativePath;
import dev.ferry.btrfs.testing.tree.TreeComparison;
import dev.ferry.btrfs.testing.tree.TreeState;
import dev.ferry.stream.ByteString;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a {@link SnapshotDiff} against a path-based {@link TreeComparison} of the same two trees,
 * in both directions: every difference the comparison finds is explained by the diff, and every
 * line of the diff stands for a difference the comparison finds.
 *
 * <p>The comparison knows paths, not inodes, so a diff line is mapped onto paths:
 * <ul>
 * <li>a path is <em>emptied</em> by a deletion, a removed link, or a rename away from it, and
 * <em>filled</em> by an addition, an added link, or a rename to it; the comparison calls an
 * emptied path missing and a filled one extra, and a path both emptied and filled <em>replaced</em>,
 * which explains any difference there (type, content, a symlink's target, ...);</li>
 * <li>what is below a directory moves with it: a path below an emptied (filled, replaced)
 * directory counts as emptied (filled, replaced) too. The diff lists a moved directory once,
 * the comparison may list its entries (a directory moved onto the path of another);</li>
 * <li>a modification explains the differences of its aspects at its path;</li>
 * <li>a changed hard-link group is explained by a change of names at any path of the old or the
 * new group.</li>
 * </ul>
 * Every line of the diff must be at a path the comparison lists (for a change of names, at or
 * below it: a directory swapped with one of the same metadata differs only in what it holds), or
 * below a directory it lists as missing or extra (it does not list their contents); only names
 * swapped or rotated among alike files may show no difference at all. Aspects of a modification must be seen too,
 * where the comparison compared the same file on both sides, except what it cannot see: ctime,
 * inode flags and link counts (left out of the comparison), a directory's size (a filesystem
 * artefact) and {@code data}, which says that data was written, not that the bytes differ
 * (rewriting a file with identical bytes is a change, as in {@code zfs diff}).
 */
final class TreeComparisonOracle {
    private final TreeState before;
    private final TreeState after;
    private final List<Difference> differences;
    private final Set<RelativePath> emptied = new HashSet<>();
    private final Set<RelativePath> filled = new HashSet<>();
    private final Map<RelativePath, PathChange> modified = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    private TreeComparisonOracle(SnapshotDiff diff, TreeState before, TreeState after) {
        this.before = before;
        this.after = after;
        this.differences = TreeComparison.differences(before, after, ComparisonOptions.STRICT);
        for (PathChange c : diff.changes()) {
            switch (c.kind()) {
                case DELETED, LINK_REMOVED -> emptied.add(path(c.path()));
                case ADDED, LINK_ADDED -> filled.add(path(c.path()));
                case RENAMED -> {
                    emptied.add(path(c.path()));
                    filled.add(path(c.newPath().orElseThrow()));
                }
                case MODIFIED -> modified.put(path(c.path()), c);
            }
        }
    }

    /** Fails, listing every disagreement, unless {@code diff} tells the same story as the comparison. */
    static void assertAgrees(SnapshotDiff diff, TreeState before, TreeState after) {
        TreeComparisonOracle oracle = new TreeComparisonOracle(diff, before, after);
        oracle.everyDifferenceIsExplained();
        oracle.everyLineStandsForADifference(diff);
        if (!oracle.problems.isEmpty()) {
            StringBuilder s = new StringBuilder("ferry diff disagrees with the tree comparison:");
            oracle.problems.forEach(p -> s.append("\n  ").append(p));
            s.append("\ndiff:");
            diff.changes().forEach(c -> s.append("\n  ").append(c));
            s.append("\ncomparison:");
            oracle.differences.forEach(d -> s.append("\n  ").append(d));
            throw new AssertionError(s.toString());
        }
    }

    private void everyDifferenceIsExplained() {
        for (Difference d : differences) {
            RelativePath p = d.path();
            boolean explained = switch (d.property()) {
                case MISSING -> atOrAbove(p, emptied::contains);
                case EXTRA -> atOrAbove(p, filled::contains);
                case TYPE, SYMLINK_TARGET, DEVICE -> atOrAbove(p, this::replaced);
                case HARD_LINKS -> namesChangedIn(before.linkGroupOf(p)) || namesChangedIn(after.linkGroupOf(p));
                case XATTR -> atOrAbove(p, this::replaced) || xattrsExplained(p);
                // growing a file with a hole changes its content but not its extent map
                case CONTENT -> atOrAbove(p, this::replaced) || aspectsAt(p).contains(Aspect.DATA)
                        || aspectsAt(p).contains(Aspect.SIZE);
                default -> atOrAbove(p, this::replaced) || aspectsAt(p).contains(aspectOf(d.property()));
            };
            if (!explained) {
                problems.add("not in the diff: " + d);
            }
        }
    }

    private void everyLineStandsForADifference(SnapshotDiff diff) {
        Set<RelativePath> atOrBelow = new HashSet<>();
        Map<RelativePath, Set<Aspect>> seen = new HashMap<>();
        for (Difference d : differences) {
            List<RelativePath> paths = new ArrayList<>(List.of(d.path()));
            if (d.property() == Property.HARD_LINKS) {
                paths.addAll(before.linkGroupOf(d.path()));
                paths.addAll(after.linkGroupOf(d.path()));
            }
            paths.forEach(p -> addWithAncestors(p, atOrBelow));
            Aspect aspect = aspectOf(d.property());
            if (aspect != null) {
                seen.computeIfAbsent(d.path(), k -> EnumSet.noneOf(Aspect.class)).add(aspect);
            }
        }
        for (PathChange c : diff.changes()) {
            if (c.kind() == PathChange.Kind.MODIFIED) {
                checkModification(c, seen);
                continue;
            }
            List<RelativePath> paths = new ArrayList<>(List.of(path(c.path())));
            c.newPath().ifPresent(n -> paths.add(path(n)));
            if (c.kind() == PathChange.Kind.RENAMED && paths.stream().allMatch(this::replaced)) {
                continue; // a swap or rotation of names: invisible to paths when the things swapped are alike
            }
            for (RelativePath p : paths) {
                // a directory swapped with one of the same metadata differs only in what it holds
                if (!atOrBelow.contains(p) && !belowMissingOrExtra(p)) {
                    problems.add("no difference at or below " + p + " for " + c);
                }
            }
        }
    }

    private void checkModification(PathChange c, Map<RelativePath, Set<Aspect>> seen) {
        RelativePath p = path(c.path());
        if (!comparedAsTheSameFile(p)) {
            if (!belowMissingOrExtra(p) && !atOrAbove(p, at -> emptied.contains(at) || filled.contains(at))) {
                problems.add("no such path on both sides for " + c);
            }
            return;
        }
        for (Aspect a : c.aspects()) {
            if (visible(a, c.type()) && !seen.getOrDefault(p, Set.of()).contains(a)) {
                problems.add("the comparison sees no " + a.word() + " change at " + p + " for " + c);
            }
        }
        if (!c.xattrsSet().isEmpty() || !c.xattrsRemoved().isEmpty()) {
            if (!xattrsExplained(p) || before.get(p).xattrs().equals(after.get(p).xattrs())) {
                problems.add("the comparison sees other xattr changes at " + p + " for " + c);
            }
        }
    }

    private static void addWithAncestors(RelativePath p, Set<RelativePath> paths) {
        for (RelativePath at = p; paths.add(at) && !at.isRoot(); at = at.parent()) {
            // each ancestor once
        }
    }

    /** Whether {@code test} holds for {@code p} or a directory above it. */
    private static boolean atOrAbove(RelativePath p, java.util.function.Predicate<RelativePath> test) {
        for (RelativePath at = p; ; at = at.parent()) {
            if (test.test(at)) {
                return true;
            }
            if (at.isRoot()) {
                return false;
            }
        }
    }

    /** Whether the comparison compared the same file at {@code p} on both sides, property by property. */
    private boolean comparedAsTheSameFile(RelativePath p) {
        Entry e = before.get(p);
        Entry a = after.get(p);
        return e != null && a != null && e.type() == a.type()
                && !atOrAbove(p, at -> emptied.contains(at) || filled.contains(at));
    }

    private boolean replaced(RelativePath p) {
        return emptied.contains(p) && filled.contains(p);
    }

    private boolean namesChangedIn(Set<RelativePath> group) {
        return group.stream().anyMatch(p -> emptied.contains(p) || filled.contains(p));
    }

    private Set<Aspect> aspectsAt(RelativePath p) {
        PathChange c = modified.get(p);
        return c == null ? Set.of() : c.aspects();
    }

    /** Every xattr that differs at {@code p} is listed as set or removed there. */
    private boolean xattrsExplained(RelativePath p) {
        PathChange c = modified.get(p);
        if (c == null) {
            return false;
        }
        Entry e = before.get(p);
        Entry a = after.get(p);
        Set<String> names = new TreeSet<>(e.xattrs().keySet());
        names.addAll(a.xattrs().keySet());
        Set<String> listed = new HashSet<>();
        c.xattrsSet().forEach(n -> listed.add(n.utf8()));
        c.xattrsRemoved().forEach(n -> listed.add(n.utf8()));
        return names.stream().filter(n -> !Objects.equals(e.xattrs().get(n), a.xattrs().get(n))).allMatch(listed::contains);
    }

    /** Whether an ancestor of {@code p} is a missing or extra directory, whose contents the comparison skips. */
    private boolean belowMissingOrExtra(RelativePath p) {
        for (RelativePath up = p.parent(); !up.isRoot(); up = up.parent()) {
            boolean onlyOnOneSide = (before.get(up) == null) != (after.get(up) == null);
            boolean typeChanged = before.get(up) != null && after.get(up) != null
                    && before.get(up).type() != after.get(up).type();
            if (onlyOnOneSide || typeChanged) {
                return true;
            }
        }
        return false;
    }

    private static boolean visible(Aspect aspect, FileType type) {
        return switch (aspect) {
            case CTIME, FLAGS, NLINK, DATA -> false;
            case SIZE -> type == FileType.REGULAR;
            default -> true;
        };
    }

    private static Aspect aspectOf(Property property) {
        return switch (property) {
            case PERMISSIONS -> Aspect.MODE;
            case UID -> Aspect.UID;
            case GID -> Aspect.GID;
            case SIZE -> Aspect.SIZE;
            case CONTENT, DATA_LAYOUT -> Aspect.DATA;
            case MTIME -> Aspect.MTIME;
            case ATIME -> Aspect.ATIME;
            default -> null;
        };
    }

    private static RelativePath path(ByteString bytes) {
        return RelativePath.of(bytes.toByteArray());
    }
}
