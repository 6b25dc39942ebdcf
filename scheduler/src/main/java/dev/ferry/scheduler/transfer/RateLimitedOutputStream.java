package dev.ferry.scheduler.transfer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Writes through at most at the limiter's rate, in pieces no larger than its burst. */
public final class RateLimitedOutputStream extends FilterOutputStream {
    private final RateLimiter limiter;

    public RateLimitedOutputStream(OutputStream out, RateLimiter limiter) {
        super(out);
        this.limiter = limiter;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int piece = (int) Math.min(Integer.MAX_VALUE, limiter.burst());
        while (len > 0) {
            int n = Math.min(len, piece);
            limiter.acquire(n);
            out.write(b, off, n);
            off += n;
            len -= n;
        }
    }
}
