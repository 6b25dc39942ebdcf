package dev.ferry.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An input stream that reads its source ahead on a thread of its own, so that the source's
 * reads (the kernel copying a file or pipe into memory) run on another core while the caller
 * works on what came before.
 *
 * <p>A reader of a send stream spends much of its time in those reads: for a data-heavy stream,
 * as much as in checking crcs and decoding. The price is one copy in memory per byte, from the
 * read-ahead chunk into the caller's array, which is a fraction of what a read from the kernel
 * costs.
 *
 * <p>The thread holds at most {@code chunks} chunks of {@code chunkSize} bytes ahead of the
 * caller. One read of the source fills at most one chunk and is handed over as it is, so a pipe
 * that delivers 64 KiB at a time is passed on at that pace, not held back until a chunk is full.
 * An exception from the source is rethrown to the caller where its bytes would have been. Not
 * thread-safe for the caller: one thread reads.
 */
public final class ReadAheadInputStream extends InputStream {
    private static final int DEFAULT_CHUNK_SIZE = 1 << 20;
    private static final int DEFAULT_CHUNKS = 4;

    /** What the reading thread hands over: bytes, the end of the input, or the source's failure. */
    private record Chunk(byte[] bytes, int length, Throwable failure) {
        static final Chunk END = new Chunk(new byte[0], 0, null);
    }

    private final InputStream source;
    private final BlockingQueue<Chunk> filled;
    private final BlockingQueue<byte[]> free;
    private final Thread reader;
    private Chunk current = new Chunk(new byte[0], 0, null);
    private int position;
    private volatile boolean closed;

    private ReadAheadInputStream(InputStream source, int chunkSize, int chunks) {
        this.source = source;
        this.filled = new ArrayBlockingQueue<>(chunks + 1); // + 1: room for END or a failure
        this.free = new ArrayBlockingQueue<>(chunks);
        for (int i = 0; i < chunks; i++) {
            free.add(new byte[chunkSize]);
        }
        this.reader = new Thread(this::readAhead, "ferry-read-ahead");
        reader.setDaemon(true); // a caller that stops reading must not keep the JVM alive
    }

    /** Reads {@code source} ahead in four chunks of 1 MiB; starts reading at once. */
    public static ReadAheadInputStream of(InputStream source) {
        return of(source, DEFAULT_CHUNK_SIZE, DEFAULT_CHUNKS);
    }

    /** Reads {@code source} ahead in {@code chunks} chunks of {@code chunkSize} bytes; starts reading at once. */
    public static ReadAheadInputStream of(InputStream source, int chunkSize, int chunks) {
        Objects.requireNonNull(source, "source");
        if (chunkSize < 1 || chunks < 1) {
            throw new IllegalArgumentException("chunkSize and chunks must be positive: " + chunkSize + ", " + chunks);
        }
        ReadAheadInputStream in = new ReadAheadInputStream(source, chunkSize, chunks);
        in.reader.start();
        return in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (length == 0) {
            return 0;
        }
        if (position == current.length && !advance()) {
            return -1;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current.bytes, position, target, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return Math.max(current.length - position, 0);
    }

    /** Stops reading ahead and closes the source. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        reader.interrupt();
        source.close();
    }

    /** Moves to the next chunk; false at the end of the input. */
    private boolean advance() throws IOException {
        if (current == Chunk.END) {
            return false;
        }
        if (current.bytes.length > 0) {
            free.add(current.bytes); // cannot block: at most `chunks` arrays circulate
        }
        try {
            current = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for input");
        }
        position = 0;
        if (current.failure != null) {
            Chunk failed = current;
            current = Chunk.END;
            throw rethrown(failed.failure);
        }
        return current != Chunk.END;
    }

    private static IOException rethrown(Throwable failure) {
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IOException(failure);
    }

    /** The reading thread: fills free chunks from the source until its end, a failure, or close. */
    private void readAhead() {
        try {
            while (!closed) {
                byte[] bytes = free.take();
                int n;
                do {
                    n = source.read(bytes, 0, bytes.length);
                } while (n == 0);
                if (n < 0) {
                    filled.put(Chunk.END);
                    return;
                }
                filled.put(new Chunk(bytes, n, null));
            }
        } catch (InterruptedException e) {
            // closed: nobody is waiting for more
        } catch (Throwable failure) { // handed to the caller, who decides what it means
            if (!closed) {
                filled.offer(new Chunk(new byte[0], 0, failure));
            }
        }
    }
}
