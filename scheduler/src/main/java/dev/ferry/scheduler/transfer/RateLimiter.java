package dev.ferry.scheduler.transfer;

import java.io.InterruptedIOException;
import java.util.Objects;

/**
 * A token bucket: on average at most {@code bytesPerSecond}, with bursts of up to a quarter of a
 * second's worth (at least 64 KiB, so small rates still move whole zstd blocks). A caller that
 * takes more than there is sleeps for the debt, so over any interval t at most
 * {@code rate * t + burst} bytes pass.
 *
 * <p>Time comes from a {@link Ticker}, which tests replace with one that only advances when
 * slept on: the limiter is tested by the sleeps it asks for, never by a wall clock.
 */
public final class RateLimiter {
    private static final long MIN_BURST = 64 << 10;
    private static final double NANOS = 1e9;

    /** A monotonic clock and a way to wait on it. */
    public interface Ticker {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;

        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        };
    }

    private final long bytesPerSecond;
    private final long burst;
    private final Ticker ticker;
    private double tokens;
    private long last;

    public RateLimiter(long bytesPerSecond, Ticker ticker) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("a rate must be positive, not " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.burst = Math.max(MIN_BURST, bytesPerSecond / 4);
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.tokens = burst;
        this.last = ticker.nanoTime();
    }

    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    public long burst() {
        return burst;
    }

    /** Takes {@code bytes} from the bucket, sleeping as long as that overdraws it. */
    public void acquire(long bytes) throws InterruptedIOException {
        long now = ticker.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * bytesPerSecond / NANOS);
        last = now;
        tokens -= bytes;
        if (tokens < 0) {
            long wait = (long) Math.ceil(-tokens * NANOS / bytesPerSecond);
            try {
                ticker.sleepNanos(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while limiting the transfer rate");
            }
        }
    }
}
