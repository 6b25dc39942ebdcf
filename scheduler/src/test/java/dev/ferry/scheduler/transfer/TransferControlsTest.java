package dev.ferry.scheduler.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class TransferControlsTest {
    /** Time that passes only when the limiter sleeps: what it asks for is all there is to check. */
    static final class FakeTicker implements RateLimiter.Ticker {
        long now = 1_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }

        void advance(long nanos) {
            now += nanos;
        }
    }

    @Test
    void sizesTakeBinarySuffixes() {
        assertEquals(20L << 20, ByteSize.parse("20M"));
        assertEquals(512L << 10, ByteSize.parse("512k"));
        assertEquals(1L << 30, ByteSize.parse("1GiB"));
        assertEquals(4096, ByteSize.parse("4096"));
        assertEquals(3L << 40, ByteSize.parse("3T"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("20 Mbit"));
        assertEquals("not a size: '20 Mbit' (expected a number with an optional K, M, G or T suffix, e.g. 20M)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("-1M"));
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("99999999999T"));
    }

    @Test
    void theLimiterSleepsForWhatExceedsTheRateAfterOneBurst() throws IOException {
        FakeTicker ticker = new FakeTicker();
        RateLimiter limiter = new RateLimiter(1 << 20, ticker); // 1 MiB/s, burst 256 KiB
        assertEquals(256 << 10, limiter.burst());
        OutputStream out = new RateLimitedOutputStream(OutputStream.nullOutputStream(), limiter);
        byte[] chunk = new byte[100_000];
        long total = 0;
        for (int i = 0; i < 105; i++) {
            out.write(chunk);
            total += chunk.length;
        }
        long slept = ticker.sleeps.stream().mapToLong(Long::longValue).sum();
        double expected = (total - limiter.burst()) / (double) (1 << 20) * 1e9;
        assertEquals(expected, slept, 1e6, "10 MB at 1 MiB/s after a 256 KiB burst");
    }

    @Test
    void idleTimeRefillsTheBucketOnlyUpToOneBurst() throws IOException {
        FakeTicker ticker = new FakeTicker();
        RateLimiter limiter = new RateLimiter(1 << 20, ticker);
        limiter.acquire(limiter.burst());
        assertEquals(List.of(), ticker.sleeps);
        ticker.advance(60_000_000_000L); // a minute idle saves up no more than one burst
        limiter.acquire(limiter.burst());
        assertEquals(List.of(), ticker.sleeps);
        limiter.acquire(1 << 20);
        assertEquals(1, ticker.sleeps.size());
        assertEquals(1e9, ticker.sleeps.get(0), 1e3);
    }

    @Test
    void smallRatesStillPassWholeBlocks() {
        RateLimiter limiter = new RateLimiter(1000, new FakeTicker());
        assertEquals(64 << 10, limiter.burst());
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, new FakeTicker()));
    }

    @Test
    void theBufferPassesEveryByteInOrder() throws IOException {
        byte[] data = new byte[3_000_000];
        new Random(7).nextBytes(data);
        ByteArrayOutputStream downstream = new ByteArrayOutputStream();
        BufferedHandOff buffer = new BufferedHandOff(downstream, 64 << 10, "test");
        for (int off = 0; off < data.length; off += 7777) {
            buffer.write(data, off, Math.min(7777, data.length - off));
        }
        buffer.close();
        assertArrayEquals(data, downstream.toByteArray());
    }

    @Test
    void aDownstreamFailureReachesTheWriterWithItsOwnMessage() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                failed.countDown();
                throw new IOException("ssh://nas/b: ferry on nas: no space left on device");
            }
        };
        BufferedHandOff buffer = new BufferedHandOff(broken, 1 << 10, "test");
        IOException e = assertThrows(IOException.class, () -> {
            byte[] chunk = new byte[512];
            for (int i = 0; i < 10_000; i++) {
                buffer.write(chunk);
                if (failed.getCount() == 0 && i > 100) {
                    buffer.close();
                }
            }
            buffer.close();
        });
        assertEquals("ssh://nas/b: ferry on nas: no space left on device", e.getMessage());
    }

    @Test
    void controlsRefuseNonsense() {
        assertThrows(IllegalArgumentException.class, () -> TransferControls.defaults().withLevel(23));
        assertThrows(IllegalArgumentException.class, () -> TransferControls.defaults().withBuffer(-1));
        assertThrows(IllegalArgumentException.class, () -> TransferControls.defaults().withRate(0));
        assertTrue(TransferControls.defaults().rate().isEmpty());
    }
}
