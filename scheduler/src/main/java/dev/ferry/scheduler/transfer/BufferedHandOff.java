package dev.ferry.scheduler.transfer;

import dev.ferry.scheduler.target.StreamPipe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A buffer of its own size between the sender and the network ({@code --buffer}): writes go into
 * a {@link StreamPipe}, and a thread of its own copies them on. The sender keeps reading the
 * snapshot and compressing while the network stalls, and the network keeps busy while the sender
 * seeks, like {@code mbuffer} between {@code btrfs send} and {@code ssh}.
 *
 * <p>A failure downstream is thrown to the writer at its next write or at {@link #close()}, with
 * the downstream's own message. {@code close()} drains the buffer and flushes, but does not close
 * the downstream stream (a target's stream is closed by its commit).
 */
public final class BufferedHandOff extends OutputStream {
    private static final int COPY = 64 << 10;

    private final StreamPipe pipe;
    private final OutputStream sink;
    private final OutputStream downstream;
    private final Thread copier;
    private volatile IOException failure;
    private boolean closed;

    public BufferedHandOff(OutputStream downstream, int capacity, String name) {
        this.downstream = Objects.requireNonNull(downstream, "downstream");
        this.pipe = new StreamPipe(capacity);
        this.sink = pipe.sink();
        this.copier = new Thread(this::copy, "ferry-buffer " + name);
        copier.setDaemon(true);
        copier.start();
    }

    private void copy() {
        byte[] buffer = new byte[COPY];
        try (InputStream in = pipe.source()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                downstream.write(buffer, 0, n);
            }
            downstream.flush();
        } catch (IOException e) {
            failure = e;
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        throwIfFailed();
        try {
            sink.write(b, off, len);
        } catch (IOException e) {
            throwIfFailed(); // the copier stopped: its reason, not the pipe's
            throw e;
        }
    }

    /** Flushing is the copier's business; a flush here would only wait for nothing. */
    @Override
    public void flush() throws IOException {
        throwIfFailed();
    }

    /** Ends the stream, waits until everything buffered went downstream, and reports its failure. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        pipe.end();
        try {
            copier.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pipe.fail(e);
            throw new java.io.InterruptedIOException("interrupted while draining the transfer buffer");
        }
        throwIfFailed();
    }

    /** Drops whatever is buffered and stops the copier, after a failure upstream. */
    public void abort(Throwable cause) {
        closed = true;
        pipe.fail(cause);
    }

    private void throwIfFailed() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw new IOException(f.getMessage(), f);
        }
    }
}
