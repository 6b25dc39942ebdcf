package dev.ferry.cli;

import dev.ferry.scheduler.backup.TransferListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * One line on a terminal's stderr, redrawn at most five times a second:
 * <pre>
 * home.20261121T231500Z -> ssh://nas/pool (full)  1.2 GiB / ~3.4 GiB  35%  80.0 MiB/s  ETA 0:28
 * </pre>
 * Sizes are of the send stream before compression, the unit of the estimate (see
 * {@link TransferListener}). Never used unless stderr is a terminal, so cron mails stay clean.
 */
final class ProgressBar implements TransferListener {
    private static final long REDRAW_NANOS = 200_000_000L;
    /** Below this, a rate is mostly start-up noise and an ETA from it would jump about. */
    private static final Duration ETA_AFTER = Duration.ofSeconds(2);

    private final PrintWriter err;
    private String label = "";
    private OptionalLong estimate = OptionalLong.empty();
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
        estimate = OptionalLong.empty();
        startNanos = System.nanoTime();
        lastDraw = 0;
        draw(0, false);
    }

    @Override
    public void estimated(long streamBytes) {
        estimate = OptionalLong.of(streamBytes);
    }

    @Override
    public void progress(long streamBytes) {
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(streamBytes, false);
        }
    }

    @Override
    public void finished(long streamBytes) {
        draw(streamBytes, true);
    }

    private void draw(long bytes, boolean last) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        String line = last ? done(label, bytes, elapsed) : line(label, bytes, estimate, elapsed);
        err.print("\r\033[K" + line + (last ? "\n" : ""));
        err.flush();
    }

    /**
     * The line while sending: bytes so far, and with an estimate the estimated total, the share
     * done and, once the rate has settled, the time left at that rate. Past the estimate (it was
     * low) the share stays at 99% and no ETA is shown rather than a wrong one.
     */
    static String line(String label, long bytes, OptionalLong estimate, Duration elapsed) {
        StringBuilder line = new StringBuilder(label).append("  ").append(size(bytes));
        long rate = rate(bytes, elapsed);
        if (estimate.isEmpty()) {
            return line.append("  ").append(size(rate)).append("/s").toString();
        }
        long total = estimate.getAsLong();
        long percent = total == 0 ? 99 : Math.min(99, bytes * 100 / total);
        line.append(" / ~").append(size(total)).append("  ").append(percent).append('%');
        line.append("  ").append(size(rate)).append("/s");
        if (bytes < total && rate > 0 && elapsed.compareTo(ETA_AFTER) >= 0) {
            line.append("  ETA ").append(clock(Duration.ofSeconds((total - bytes + rate - 1) / rate)));
        }
        return line.toString();
    }

    /** The last line: how much, how long, how fast. */
    static String done(String label, long bytes, Duration elapsed) {
        return label + "  " + size(bytes) + " in " + clock(elapsed) + "  " + size(rate(bytes, elapsed)) + "/s";
    }

    private static long rate(long bytes, Duration elapsed) {
        double seconds = Math.max(1e-3, elapsed.toNanos() / 1e9);
        return (long) (bytes / seconds);
    }

    /** {@code 0:07}, {@code 12:34}, {@code 1:02:03}. */
    static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
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
