package dev.ferry.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An input stream that reads its source ahead on a thread of its own, so that the source's
 * reads (the kernel copying a file or pipe into memory) run on another core while the caller
 * works on what came before.
 *
 * <p>A reader of a send stream spends much of its time in those reads: for a data-heavy stream,
 * as much as in checking crcs and decoding. The chunks are direct buffers, which a channel fills
 * with the kernel's one copy; the caller's read copies from there into its array. An
 * {@link InputStream} read of a large array costs those same two copies (the JDK reads into native
 * memory first), so reading ahead adds no copy, it moves one to the other thread.
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
    private record Chunk(ByteBuffer bytes, int length, Throwable failure) {
        /** Before the first chunk: empty, so the first read takes one. */
        static final Chunk NONE = new Chunk(null, 0, null);
        /** After the last: compared by identity. */
        static final Chunk END = new Chunk(null, 0, null);
    }

    private final ReadableByteChannel source;
    private final BlockingQueue<Chunk> filled;
    private final BlockingQueue<ByteBuffer> free;
    private final Thread reader;
    private Chunk current = Chunk.NONE;
    private int position;
    private volatile boolean closed;

    private ReadAheadInputStream(ReadableByteChannel source, int chunkSize, int chunks) {
        this.source = source;
        this.filled = new ArrayBlockingQueue<>(chunks + 1); // + 1: room for END or a failure
        this.free = new ArrayBlockingQueue<>(chunks);
        for (int i = 0; i < chunks; i++) {
            free.add(ByteBuffer.allocateDirect(chunkSize));
        }
        this.reader = new Thread(this::readAhead, "ferry-read-ahead");
        reader.setDaemon(true); // a caller that stops reading must not keep the JVM alive
    }

    /**
     * Reads {@code source} ahead in four chunks of 1 MiB; starts reading at once. A file's or a
     * pipe's channel ({@code FileChannel}, {@code FileInputStream.getChannel()}) reads without
     * an intermediate copy.
     */
    public static ReadAheadInputStream of(ReadableByteChannel source) {
        return of(source, DEFAULT_CHUNK_SIZE, DEFAULT_CHUNKS);
    }

    /** Reads any input stream ahead, through {@link Channels#newChannel(InputStream)}. */
    public static ReadAheadInputStream of(InputStream source, int chunkSize, int chunks) {
        return of(Channels.newChannel(Objects.requireNonNull(source, "source")), chunkSize, chunks);
    }

    /** Reads {@code source} ahead in {@code chunks} chunks of {@code chunkSize} bytes; starts reading at once. */
    public static ReadAheadInputStream of(ReadableByteChannel source, int chunkSize, int chunks) {
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
        current.bytes.get(position, target, offset, n);
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
        if (current.bytes != null) {
            free.add(current.bytes); // cannot block: at most `chunks` buffers circulate
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
                ByteBuffer bytes = free.take().clear();
                int n;
                do {
                    n = source.read(bytes);
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
                filled.offer(new Chunk(null, 0, failure));
            }
        }
    }
}
