package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The progress line as a function of bytes sent, the estimated total and the time so far. */
class ProgressBarTest {
    private static final String LABEL = "home.20261121T231500Z -> ssh://nas/pool (full)";
    private static final long MIB = 1 << 20;

    @Test
    void withoutAnEstimateBytesAndRate() {
        assertEquals(LABEL + "  0 B  0 B/s", ProgressBar.line(LABEL, 0, OptionalLong.empty(), Duration.ZERO));
        assertEquals(LABEL + "  30.0 MiB  10.0 MiB/s",
                ProgressBar.line(LABEL, 30 * MIB, OptionalLong.empty(), Duration.ofSeconds(3)));
    }

    @Test
    void withAnEstimateTotalShareRateAndTimeLeft() {
        assertEquals(LABEL + "  300.0 MiB / ~1.0 GiB  29%  10.0 MiB/s  ETA 1:13",
                ProgressBar.line(LABEL, 300 * MIB, OptionalLong.of(1024 * MIB), Duration.ofSeconds(30)));
        assertEquals(LABEL + "  1.0 GiB / ~100.0 GiB  1%  1.0 MiB/s  ETA 28:09:36",
                ProgressBar.line(LABEL, 1024 * MIB, OptionalLong.of(100 * 1024 * MIB), Duration.ofSeconds(1024)));
    }

    @Test
    void noEtaUntilTheRateHasSettled() {
        assertEquals(LABEL + "  1.0 MiB / ~100.0 MiB  1%  1.0 MiB/s",
                ProgressBar.line(LABEL, MIB, OptionalLong.of(100 * MIB), Duration.ofSeconds(1)));
        assertEquals(LABEL + "  0 B / ~100.0 MiB  0%  0 B/s",
                ProgressBar.line(LABEL, 0, OptionalLong.of(100 * MIB), Duration.ofSeconds(5)));
    }

    @Test
    void pastALowEstimateNoEtaAndNeverAHundredPercentBeforeTheEnd() {
        assertEquals(LABEL + "  120.0 MiB / ~100.0 MiB  99%  12.0 MiB/s",
                ProgressBar.line(LABEL, 120 * MIB, OptionalLong.of(100 * MIB), Duration.ofSeconds(10)));
        assertEquals(LABEL + "  0 B / ~0 B  99%  0 B/s",
                ProgressBar.line(LABEL, 0, OptionalLong.of(0), Duration.ofSeconds(10)));
    }

    @Test
    void theLastLineSaysHowMuchHowLongHowFast() {
        assertEquals(LABEL + "  1.0 GiB in 1:42  10.0 MiB/s",
                ProgressBar.done(LABEL, 1024 * MIB, Duration.ofMillis(102_400)));
        assertEquals("0:07", ProgressBar.clock(Duration.ofSeconds(7)));
        assertEquals("1:02:03", ProgressBar.clock(Duration.ofSeconds(3723)));
    }
}
