package dev.ferry.scheduler.target;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * A bounded in-memory pipe between a sending thread and a receiving thread that, unlike
 * {@link java.io.PipedInputStream}, tells a clean end from a failure: after {@link #fail} the
 * reader gets an IOException, never an end of input. That matters because a receiver takes the
 * end of its input as the end of the last subvolume; a sender that died half-way must not look
 * like one that finished.
 */
public final class StreamPipe {
    private final byte[] buffer;
    private int start;
    private int length;
    private boolean closed;
    private Throwable failure;
    private boolean readerGone;

    public StreamPipe(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.buffer = new byte[capacity];
    }

    /** The writing end; {@code close()} is the clean end of the stream. */
    public OutputStream sink() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                put(b, off, len);
            }

            @Override
            public void close() {
                closeSink();
            }
        };
    }

    /** The reading end; closing it makes further writes fail. */
    public InputStream source() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return take(b, off, len);
            }

            @Override
            public void close() {
                closeSource();
            }
        };
    }

    /** Makes the reader fail with {@code cause} at once; whatever is buffered is dropped. */
    public synchronized void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        notifyAll();
    }

    private synchronized void put(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (readerGone) {
                throw new IOException("the receiving side stopped reading");
            }
            if (closed || failure != null) {
                throw new IOException("stream already ended");
            }
            if (length == buffer.length) {
                await();
                continue;
            }
            int end = (start + length) % buffer.length;
            int n = Math.min(len, end >= start ? buffer.length - end : start - end);
            n = Math.min(n, buffer.length - length);
            System.arraycopy(b, off, buffer, end, n);
            length += n;
            off += n;
            len -= n;
            notifyAll();
        }
    }

    private synchronized int take(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (failure != null) {
                throw new IOException("the sending side failed: " + failure.getMessage(), failure);
            }
            if (length > 0) {
                int n = Math.min(len, Math.min(length, buffer.length - start));
                System.arraycopy(buffer, start, b, off, n);
                start = (start + n) % buffer.length;
                length -= n;
                notifyAll();
                return n;
            }
            if (closed) {
                return -1;
            }
            await();
        }
    }

    /** The clean end of the stream, as closing the sink. */
    public void end() {
        closeSink();
    }

    private synchronized void closeSink() {
        closed = true;
        notifyAll();
    }

    private synchronized void closeSource() {
        readerGone = true;
        notifyAll();
    }

    private void await() throws IOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on the stream pipe");
        }
    }
}
