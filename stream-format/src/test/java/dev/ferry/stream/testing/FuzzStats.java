package dev.ferry.stream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what a fuzz target saw, for the figures in the README: inputs tried, streams accepted
 * and rejected, commands read. {@link #report()} prints one line and appends it to
 * {@code target/fuzz-stats.txt} of the module.
 */
public final class FuzzStats {
    private final String target;
    private final long started = System.nanoTime();
    private final AtomicLong inputs = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong steps = new AtomicLong();

    public FuzzStats(String target) {
        this.target = target;
    }

    public void input() {
        inputs.incrementAndGet();
    }

    public void accepted() {
        accepted.incrementAndGet();
    }

    public void rejected() {
        rejected.incrementAndGet();
    }

    /** One command read or applied. */
    public void step() {
        steps.incrementAndGet();
    }

    /** {@code n} commands read or applied. */
    public void steps(long n) {
        steps.addAndGet(n);
    }

    public long inputs() {
        return inputs.get();
    }

    public void report() {
        String mode = System.getenv("JAZZER_FUZZ") == null ? "seeds" : "fuzzing";
        String line = String.format("fuzz %s (%s): %d inputs in %d s, %d streams accepted, %d rejected with the typed error, "
                        + "%d commands%n", target, mode, inputs.get(), (System.nanoTime() - started) / 1_000_000_000L,
                accepted.get(), rejected.get(), steps.get());
        System.out.print(line);
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "fuzz-stats.txt"), line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
