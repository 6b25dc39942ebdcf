package dev.ferry.cli;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Progress of the remote end of a transfer ({@code ferry target receive} and {@code send}): bytes
 * through standard input or output and their rate, on stderr, once a second. ssh forwards that
 * stderr to the other side, which keeps it for error messages; so it is drawn only when stderr is
 * a terminal ({@code ssh -t}, or someone running the command by hand) and otherwise the stream is
 * passed through untouched.
 */
final class WireProgress {
    private static final long REDRAW_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final String verb;
    private final long start = System.nanoTime();
    private long bytes;
    private long lastDraw = start;

    private WireProgress(PrintWriter err, String verb) {
        this.err = err;
        this.verb = verb;
    }

    static InputStream counting(InputStream in, PrintWriter err, String verb) {
        if (!ProgressBar.stderrIsTerminal()) {
            return in;
        }
        WireProgress progress = new WireProgress(err, verb);
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                progress.add(n);
                return n;
            }

            @Override
            public void close() throws IOException {
                progress.done();
                super.close();
            }
        };
    }

    static OutputStream counting(OutputStream out, PrintWriter err, String verb) {
        if (!ProgressBar.stderrIsTerminal()) {
            return out;
        }
        WireProgress progress = new WireProgress(err, verb);
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                progress.add(len);
            }

            @Override
            public void close() throws IOException {
                progress.done();
                super.close();
            }
        };
    }

    private void add(int n) {
        if (n <= 0) {
            return;
        }
        bytes += n;
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            err.print("\r\033[K" + line());
            err.flush();
        }
    }

    private void done() {
        err.println("\r\033[K" + line());
        err.flush();
    }

    private String line() {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return ProgressBar.done("ferry: " + verb, bytes, elapsed);
    }
}
