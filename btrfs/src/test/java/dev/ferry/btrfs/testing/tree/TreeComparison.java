package dev.ferry.btrfs.testing.tree;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/** Compares two {@link TreeState}s entry by entry and lists how they differ, path by path. */
public final class TreeComparison {
    /** How many differences an assertion message lists. */
    public static final int SHOWN = 25;

    private TreeComparison() {
    }

    /** Fails, listing the first {@value #SHOWN} differences, unless the trees are the same. */
    public static void assertSame(TreeState expected, TreeState actual) {
        assertSame(expected, actual, ComparisonOptions.STRICT);
    }

    public static void assertSame(TreeState expected, TreeState actual, ComparisonOptions options) {
        List<Difference> differences = differences(expected, actual, options);
        if (!differences.isEmpty()) {
            throw new AssertionError(describe(expected, actual, differences));
        }
    }

    /** Every difference, ordered by path. A missing or extra directory hides its contents. */
    public static List<Difference> differences(TreeState expected, TreeState actual, ComparisonOptions options) {
        Set<RelativePath> paths = new TreeSet<>(expected.entries().keySet());
        paths.addAll(actual.entries().keySet());
        List<Difference> out = new ArrayList<>();
        Set<RelativePath> reportedLinkGroups = new HashSet<>();
        for (RelativePath path : paths) {
            Entry e = expected.get(path);
            Entry a = actual.get(path);
            if (a == null) {
                if (actual.get(path.parent()) != null) {
                    out.add(new Difference(path, Property.MISSING, e.type().toString(), "nothing"));
                }
            } else if (e == null) {
                if (expected.get(path.parent()) != null) {
                    out.add(new Difference(path, Property.EXTRA, "nothing", a.type().toString()));
                }
            } else {
                compareEntries(e, a, options, out);
                compareLinkGroups(expected, actual, path, reportedLinkGroups, out);
            }
        }
        return List.copyOf(out);
    }

    /** A message for a failed comparison: the roots, the count, and the first differences. */
    public static String describe(TreeState expected, TreeState actual, List<Difference> differences) {
        StringBuilder s = new StringBuilder("trees differ: expected ").append(expected.root())
                .append(" (").append(expected.size()).append(" entries), actual ").append(actual.root())
                .append(" (").append(actual.size()).append(" entries), ").append(differences.size()).append(" differences");
        differences.stream().limit(SHOWN).forEach(d -> s.append("\n  ").append(d));
        if (differences.size() > SHOWN) {
            s.append("\n  ...");
        }
        return s.toString();
    }

    private static void compareEntries(Entry e, Entry a, ComparisonOptions options, List<Difference> out) {
        if (e.type() != a.type()) {
            out.add(new Difference(e.path(), Property.TYPE, e.type().toString(), a.type().toString()));
            return; // nothing else is comparable
        }
        if (!(options.setIdMayBeLost() && lostOnlySetIdBits(e, a))) {
            check(e, a, Property.PERMISSIONS, Entry::permissionsOctal, out);
        }
        check(e, a, Property.UID, Entry::uid, out);
        check(e, a, Property.GID, Entry::gid, out);
        if (e.path().isRoot() && options.rootMtimeMayBeLater()) {
            if (a.mtime().isBefore(e.mtime())) {
                out.add(new Difference(e.path(), Property.MTIME, "at least " + e.mtime(), a.mtime().toString()));
            }
        } else {
            check(e, a, Property.MTIME, Entry::mtime, out);
        }
        check(e, a, Property.ATIME, Entry::atime, out);
        compareXattrs(e, a, out);
        switch (e.type()) {
            case REGULAR -> {
                check(e, a, Property.SIZE, Entry::size, out);
                check(e, a, Property.CONTENT, Entry::sha256, out);
                compareDataLayout(e, a, options.dataLayout(), out);
            }
            case SYMLINK -> check(e, a, Property.SYMLINK_TARGET, Entry::symlinkTarget, out);
            case CHAR_DEVICE, BLOCK_DEVICE -> check(e, a, Property.DEVICE, Entry::device, out);
            default -> {
                // directories, fifos and sockets have nothing more of their own
            }
        }
    }

    private static boolean lostOnlySetIdBits(Entry e, Entry a) {
        final int setId = 06000;
        return e.type() == EntryType.REGULAR
                && (e.permissions() & ~setId) == (a.permissions() & ~setId)
                && (a.permissions() & setId & ~e.permissions()) == 0;
    }

    private static void check(Entry e, Entry a, Property property, Function<Entry, Object> get, List<Difference> out) {
        Object expected = get.apply(e);
        Object actual = get.apply(a);
        if (!Objects.equals(expected, actual)) {
            out.add(new Difference(e.path(), property, String.valueOf(expected), String.valueOf(actual)));
        }
    }

    private static void compareXattrs(Entry e, Entry a, List<Difference> out) {
        Map<String, Bytes> all = new TreeMap<>(e.xattrs());
        a.xattrs().forEach(all::putIfAbsent);
        for (String name : all.keySet()) {
            Bytes expected = e.xattrs().get(name);
            Bytes actual = a.xattrs().get(name);
            if (!Objects.equals(expected, actual)) {
                out.add(new Difference(e.path(), Property.XATTR, show(name, expected), show(name, actual)));
            }
        }
    }

    private static String show(String name, Bytes value) {
        return value == null ? "no " + name : name + "=" + value;
    }

    private static void compareDataLayout(Entry e, Entry a, ComparisonOptions.DataLayout rule, List<Difference> out) {
        boolean same = switch (rule) {
            case EXACT -> e.dataRanges().equals(a.dataRanges());
            case HOLES_MAY_HOLD_ZEROES -> covers(a.dataRanges(), e.dataRanges());
            case IGNORED -> true;
        };
        if (!same) {
            out.add(new Difference(e.path(), Property.DATA_LAYOUT, "data at " + e.dataRanges(), "data at " + a.dataRanges()));
        }
    }

    /** True if every byte in {@code inner} lies in some range of {@code outer} (both sorted, disjoint). */
    private static boolean covers(List<DataRange> outer, List<DataRange> inner) {
        int i = 0;
        for (DataRange need : inner) {
            long from = need.start();
            while (from < need.end()) {
                while (i < outer.size() && outer.get(i).end() <= from) {
                    i++;
                }
                if (i == outer.size() || outer.get(i).start() > from) {
                    return false;
                }
                from = outer.get(i).end();
            }
        }
        return true;
    }

    private static void compareLinkGroups(TreeState expected, TreeState actual, RelativePath path,
                                          Set<RelativePath> reported, List<Difference> out) {
        SortedSet<RelativePath> e = expected.linkGroupOf(path);
        SortedSet<RelativePath> a = actual.linkGroupOf(path);
        if (!e.equals(a) && !reported.contains(e.first()) && !reported.contains(a.first())) {
            reported.add(e.first());
            reported.add(a.first());
            out.add(new Difference(path, Property.HARD_LINKS, e.toString(), a.toString()));
        }
    }
}
