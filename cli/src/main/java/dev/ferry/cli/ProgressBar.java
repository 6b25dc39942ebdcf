package dev.ferry.cli;

import dev.ferry.scheduler.backup.TransferListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One line on a terminal's stderr, redrawn at most five times a second: target, snapshot, bytes
 * sent and rate. Never used unless stderr is a terminal, so cron mails stay clean.
 */
final class ProgressBar implements TransferListener {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private String label = "";
    private long startNanos;
    private long lastDraw;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    /** Whether file descriptor 2 is a terminal (Linux: what /proc says it points to). */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    @Override
    public void started(String target, String snapshot, boolean full) {
        label = snapshot + " -> " + target + (full ? " (full)" : "");
        startNanos = System.nanoTime();
        lastDraw = 0;
        draw(0, false);
    }

    @Override
    public void progress(long bytes) {
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(bytes, false);
        }
    }

    @Override
    public void finished(long bytes) {
        draw(bytes, true);
    }

    private void draw(long bytes, boolean last) {
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        String line = String.format(Locale.ROOT, "%s  %s  %s/s", label, size(bytes), size((long) (bytes / seconds)));
        err.print("\r\033[K" + line + (last ? "\n" : ""));
        err.flush();
    }

    static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
