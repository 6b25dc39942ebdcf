package dev.ferry.send;

import dev.ferry.btrfs.items.FileExtentItem;
import java.util.ArrayList;
import java.util.List;

/**
 * A file's bytes [0, size) as consecutive spans, each a hole, a range of an on-disk data extent,
 * or the inline extent. Preallocated extents and explicit hole items read as zeros and count as
 * holes; extent items reaching past the size are cut at it.
 */
final class FileMap {

    sealed interface Span permits Hole, Data, Inline {
        long start();

        long end();
    }

    record Hole(long start, long end) implements Span {
    }

    /**
     * File bytes [start, end) are the decoded extent's bytes from {@code extentOffset} on.
     * Two spans hold the same bytes when they map the same extent at the same relative position.
     */
    record Data(long start, long end, FileExtentItem.OnDisk item, long extentOffset) implements Span {
        boolean sameBytesAs(Data other) {
            return item.diskBytenr() == other.item.diskBytenr() && item.compression() == other.item.compression()
                    && extentOffset - start == other.extentOffset - other.start;
        }
    }

    record Inline(long start, long end, FileExtentItem.Inline item) implements Span {
    }

    private FileMap() {
    }

    static List<Span> of(List<Extent> extents, long size) {
        List<Span> spans = new ArrayList<>();
        long at = 0;
        for (Extent e : extents) {
            if (Long.compareUnsigned(e.offset(), size) >= 0) {
                break;
            }
            long start = e.offset();
            long end = Math.min(e.end(), size);
            if (end <= at) {
                continue;
            }
            if (start > at) {
                spans.add(new Hole(at, start));
            } else {
                start = at; // overlapping items do not happen; be safe anyway
            }
            spans.add(span(e, start, end));
            at = end;
        }
        if (at < size) {
            spans.add(new Hole(at, size));
        }
        return spans;
    }

    private static Span span(Extent e, long start, long end) {
        if (e.item() instanceof FileExtentItem.Inline inline) {
            return new Inline(start, end, inline);
        }
        FileExtentItem.OnDisk onDisk = (FileExtentItem.OnDisk) e.item();
        if (onDisk.prealloc() || onDisk.isHole()) {
            return new Hole(start, end);
        }
        return new Data(start, end, onDisk, onDisk.offset() + (start - e.offset()));
    }

    /** Whether bytes [at, ..) of {@code s} and {@code p} are known to be the same without reading them. */
    static boolean same(Span s, Span p) {
        if (s instanceof Hole && p instanceof Hole) {
            return true;
        }
        if (s instanceof Data sd && p instanceof Data pd) {
            return sd.sameBytesAs(pd);
        }
        if (s instanceof Inline si && p instanceof Inline pi) {
            return si.item().equals(pi.item()) && si.start() == pi.start() && si.end() == pi.end();
        }
        return false;
    }

    /** A piece of S's map, [start, end), whose bytes the receiver does not have yet. */
    record Change(long start, long end, Span span) {
    }

    /**
     * The pieces of {@code s} that differ from {@code p}, in file order, adjacent pieces of the
     * same span merged. An inline span that changed at all is re-sent whole.
     */
    static List<Change> changes(List<Span> s, List<Span> p) {
        List<Change> changes = new ArrayList<>();
        int j = 0;
        for (Span span : s) {
            long at = span.start();
            while (at < span.end()) {
                while (j < p.size() && p.get(j).end() <= at) {
                    j++;
                }
                Span other = j < p.size() ? p.get(j) : null;
                long until = other == null ? span.end() : Math.min(span.end(), other.start() > at ? other.start() : other.end());
                boolean differs = other == null || other.start() > at || !same(span, other);
                if (differs) {
                    add(changes, span instanceof Inline ? new Change(span.start(), span.end(), span) : new Change(at, until, span));
                }
                at = span instanceof Inline && differs ? span.end() : until;
            }
        }
        return changes;
    }

    private static void add(List<Change> changes, Change c) {
        if (!changes.isEmpty()) {
            Change last = changes.get(changes.size() - 1);
            if (last.span() == c.span() && last.end() >= c.start()) {
                changes.set(changes.size() - 1, new Change(last.start(), Math.max(last.end(), c.end()), c.span()));
                return;
            }
        }
        changes.add(c);
    }
}
