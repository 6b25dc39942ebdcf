package dev.ferry.btrfs.search;

import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.NativeException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One BTRFS_IOC_TREE_SEARCH_V2 query: a tree, ONE compound key interval {@code [min, max]}
 * (ordered as (objectid, type, offset), all unsigned; it is not three independent filters) and
 * an optional leaf-generation window {@code [minTransid, maxTransid]}.
 *
 * <p>The transid window filters tree blocks, not items: every in-range item of a leaf whose
 * generation is at least {@code minTransid} comes back, changed or not. Needs CAP_SYS_ADMIN.
 *
 * <p>Immutable; run it with {@link #open(Fd)} (lazy), {@link #list(Fd)} or {@link #stream(Fd)}.
 */
public record TreeSearch(long treeId, Key min, Key max, long minTransid, long maxTransid) {
    /** What a search starts with: big enough for the largest item of a 64 KiB node. */
    public static final int DEFAULT_BUFFER_SIZE = 64 * 1024;

    public TreeSearch {
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException("empty key range " + min + " > " + max);
        }
    }

    /** Every item of tree {@code treeId} ({@link TreeId#OF_FD} for the fd's own subvolume). */
    public static TreeSearch tree(long treeId) {
        return new TreeSearch(treeId, Key.MIN, Key.MAX, 0, -1L);
    }

    /** The same search restricted to keys in {@code [from, to]}. */
    public TreeSearch range(Key from, Key to) {
        return new TreeSearch(treeId, from, to, minTransid, maxTransid);
    }

    /** The same search restricted to the items of one object. */
    public TreeSearch objectid(long objectid) {
        return range(Key.first(objectid), Key.last(objectid));
    }

    /** The same search restricted to one exact key. */
    public TreeSearch key(Key key) {
        return range(key, key);
    }

    /** The same search restricted to leaves of generation ≥ {@code transid} (unsigned). */
    public TreeSearch minTransid(long transid) {
        return new TreeSearch(treeId, min, max, transid, maxTransid);
    }

    /** The same search restricted to leaves of generation ≤ {@code transid} (unsigned). */
    public TreeSearch maxTransid(long transid) {
        return new TreeSearch(treeId, min, max, minTransid, transid);
    }

    /** Starts the search lazily with the default buffer; nothing is read until the first hasNext. */
    public SearchCursor open(Fd fd) {
        return new SearchCursor(fd, this, DEFAULT_BUFFER_SIZE);
    }

    /** Starts the search with a result buffer of {@code initialBufferSize} bytes; it grows when an item does not fit. */
    public SearchCursor open(Fd fd, int initialBufferSize) {
        return new SearchCursor(fd, this, initialBufferSize);
    }

    /** All matching items, in key order. */
    public List<Item> list(Fd fd) throws NativeException {
        List<Item> items = new ArrayList<>();
        try {
            open(fd).forEachRemaining(items::add);
        } catch (UncheckedIOException e) {
            throw SearchCursor.unwrap(e);
        }
        return items;
    }

    /** The first matching item, if any, reading one page at most. */
    public Optional<Item> first(Fd fd) throws NativeException {
        try {
            SearchCursor cursor = open(fd);
            return cursor.hasNext() ? Optional.of(cursor.next()) : Optional.empty();
        } catch (UncheckedIOException e) {
            throw SearchCursor.unwrap(e);
        }
    }

    /** The last matching item, if any (reads the whole range). */
    public Optional<Item> last(Fd fd) throws NativeException {
        List<Item> items = list(fd);
        return items.isEmpty() ? Optional.empty() : Optional.of(items.get(items.size() - 1));
    }

    /**
     * A lazy stream of the matching items. A failing ioctl surfaces as an
     * {@link UncheckedIOException} whose cause is the {@link NativeException}.
     */
    public Stream<Item> stream(Fd fd) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(open(fd),
                Spliterator.ORDERED | Spliterator.SORTED | Spliterator.NONNULL | Spliterator.DISTINCT), false);
    }
}
