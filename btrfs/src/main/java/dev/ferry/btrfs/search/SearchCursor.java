package dev.ferry.btrfs.search;

import dev.ferry.btrfs.Errno;
import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.internal.Ioctl;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A running {@link TreeSearch}: pages through TREE_SEARCH_V2 results, one ioctl per page, reusing
 * one direct buffer (replaced only when an item does not fit). Items are decoded one at a time
 * from the page, in ascending key order.
 *
 * <p>The kernel does not move the start key for us (it returns only the item count), so after
 * each page the start key becomes the last returned key + 1, as btrfs-progs does.
 *
 * <p>{@link #hasNext()} and {@link #next()} throw {@link UncheckedIOException} wrapping the
 * {@link NativeException} when the ioctl fails. Not thread-safe. The fd is borrowed, not closed.
 */
public final class SearchCursor implements Iterator<Item> {
    static final long REQUEST = Ioctl.btrfsIowr(17, 112);

    // struct btrfs_ioctl_search_args_v2: search key (104 bytes), u64 buf_size, then the results.
    private static final int TREE_ID = 0;
    private static final int MIN_OBJECTID = 8;
    private static final int MAX_OBJECTID = 16;
    private static final int MIN_OFFSET = 24;
    private static final int MAX_OFFSET = 32;
    private static final int MIN_TRANSID = 40;
    private static final int MAX_TRANSID = 48;
    private static final int MIN_TYPE = 56;
    private static final int MAX_TYPE = 60;
    private static final int NR_ITEMS = 64;
    private static final int BUF_SIZE = 104;
    private static final int RESULTS = 112;

    // struct btrfs_ioctl_search_header, packed one after another in the results.
    private static final int HEADER_SIZE = 32;
    private static final int H_TRANSID = 0;
    private static final int H_OBJECTID = 8;
    private static final int H_OFFSET = 16;
    private static final int H_TYPE = 24;
    private static final int H_LEN = 28;

    /** The kernel clamps larger buffers to this. */
    private static final int MAX_BUFFER_SIZE = 16 * 1024 * 1024;

    private final Fd fd;
    private final TreeSearch search;
    private ByteBuffer args;
    private int bufferSize;
    private Key start;
    private boolean exhausted;
    private int itemsLeftInPage;
    private int position;
    private int calls;

    SearchCursor(Fd fd, TreeSearch search, int initialBufferSize) {
        if (initialBufferSize < 0 || initialBufferSize > MAX_BUFFER_SIZE) {
            throw new IllegalArgumentException("buffer size out of range: " + initialBufferSize);
        }
        this.fd = fd;
        this.search = search;
        this.start = search.min();
        allocate(initialBufferSize);
    }

    @Override
    public boolean hasNext() {
        while (itemsLeftInPage == 0 && !exhausted) {
            fetchPage();
        }
        return itemsLeftInPage > 0;
    }

    @Override
    public Item next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Item item = readItem();
        itemsLeftInPage--;
        if (itemsLeftInPage == 0) {
            advancePast(item.key());
        }
        return item;
    }

    /** The number of TREE_SEARCH_V2 calls made so far (retries after EOVERFLOW included). */
    public int calls() {
        return calls;
    }

    /** The current size of the result buffer. */
    public int bufferSize() {
        return bufferSize;
    }

    private void fetchPage() {
        writeSearchKey();
        try {
            calls++;
            Ioctl.call(fd, "TREE_SEARCH_V2", REQUEST, args);
        } catch (NativeException e) {
            if (e.errno() != Errno.EOVERFLOW) {
                throw new UncheckedIOException(e);
            }
            // Not even the first item fits: the kernel tells how big the buffer must be.
            growTo(args.getLong(BUF_SIZE));
            return;
        }
        itemsLeftInPage = args.getInt(NR_ITEMS);
        position = RESULTS;
        if (itemsLeftInPage == 0) {
            exhausted = true;
        }
    }

    private void writeSearchKey() {
        args.clear();
        for (int i = 0; i < RESULTS; i += 8) {
            args.putLong(i, 0);
        }
        args.putLong(TREE_ID, search.treeId());
        args.putLong(MIN_OBJECTID, start.objectid());
        args.putLong(MAX_OBJECTID, search.max().objectid());
        args.putLong(MIN_OFFSET, start.offset());
        args.putLong(MAX_OFFSET, search.max().offset());
        args.putLong(MIN_TRANSID, search.minTransid());
        args.putLong(MAX_TRANSID, search.maxTransid());
        args.putInt(MIN_TYPE, start.type());
        args.putInt(MAX_TYPE, search.max().type());
        args.putInt(NR_ITEMS, Integer.MAX_VALUE);
        args.putLong(BUF_SIZE, bufferSize);
    }

    private Item readItem() {
        long transid = args.getLong(position + H_TRANSID);
        Key key = new Key(args.getLong(position + H_OBJECTID), args.getInt(position + H_TYPE),
                args.getLong(position + H_OFFSET));
        int len = args.getInt(position + H_LEN);
        byte[] body = new byte[len];
        args.get(position + HEADER_SIZE, body);
        position += HEADER_SIZE + len;
        return new Item(key, transid, body);
    }

    private void advancePast(Key last) {
        if (last.isMax() || last.compareTo(search.max()) >= 0) {
            exhausted = true;
        } else {
            start = last.next();
        }
    }

    private void growTo(long needed) {
        long size = needed > bufferSize ? needed : 2L * Math.max(bufferSize, HEADER_SIZE);
        if (bufferSize >= MAX_BUFFER_SIZE) {
            throw new IllegalStateException("TREE_SEARCH_V2 keeps asking for a bigger buffer than "
                    + MAX_BUFFER_SIZE + " bytes at " + start);
        }
        allocate((int) Math.min(size, MAX_BUFFER_SIZE));
    }

    private void allocate(int size) {
        bufferSize = size;
        args = Ioctl.struct(RESULTS + size);
    }

    /** The NativeException inside an exception thrown by a cursor. */
    static NativeException unwrap(UncheckedIOException e) {
        if (e.getCause() instanceof NativeException n) {
            return n;
        }
        throw e;
    }
}
