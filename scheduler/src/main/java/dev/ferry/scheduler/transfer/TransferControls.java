package dev.ferry.scheduler.transfer;

import dev.ferry.stream.WriterOptions;
import java.io.OutputStream;
import java.util.OptionalLong;

/**
 * How a backup's stream travels, for every target: a bandwidth limit ({@code --rate}), a buffer
 * between the sender and the network ({@code --buffer}) and the zstd level ({@code --level}).
 * In pull mode the same controls apply on the pulling side: the limit throttles reading from
 * ssh (TCP then slows the sender), the level is passed to the sending ferry.
 *
 * @param rate        bytes per second of compressed stream at most; empty for no limit
 * @param bufferBytes the buffer's size; 0 for none (the sender writes to the network itself)
 * @param level       zstd compression level
 */
public record TransferControls(OptionalLong rate, int bufferBytes, int level) {
    /** Without a buffer, the pipe to ssh still has this much (what the ssh target always had). */
    public static final int MAX_BUFFER = 1 << 30;

    public TransferControls {
        if (rate.isPresent() && rate.getAsLong() <= 0) {
            throw new IllegalArgumentException("--rate must be positive");
        }
        if (bufferBytes < 0 || bufferBytes > MAX_BUFFER) {
            throw new IllegalArgumentException("--buffer must be between 0 and 1G, not " + bufferBytes);
        }
        if (level < -7 || level > 22) {
            throw new IllegalArgumentException("--level must be between -7 and 22 (zstd), not " + level);
        }
    }

    public static TransferControls defaults() {
        return new TransferControls(OptionalLong.empty(), 0, WriterOptions.DEFAULT_ZSTD_LEVEL);
    }

    public TransferControls withRate(long bytesPerSecond) {
        return new TransferControls(OptionalLong.of(bytesPerSecond), bufferBytes, level);
    }

    public TransferControls withBuffer(int bytes) {
        return new TransferControls(rate, bytes, level);
    }

    public TransferControls withLevel(int zstdLevel) {
        return new TransferControls(rate, bufferBytes, zstdLevel);
    }

    /** {@code out} behind the rate limit, if any. */
    public OutputStream limit(OutputStream out) {
        return rate.isEmpty() ? out : new RateLimitedOutputStream(out, new RateLimiter(rate.getAsLong(),
                RateLimiter.Ticker.SYSTEM));
    }
}
