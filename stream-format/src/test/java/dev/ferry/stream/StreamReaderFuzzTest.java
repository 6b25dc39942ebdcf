package dev.ferry.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferry.stream.testing.FuzzStats;
import dev.ferry.stream.testing.StreamRepair;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of {@link StreamReader} (Jazzer). Whatever the bytes, reading them to the
 * end either succeeds or throws a {@link StreamFormatException} that says where; any other
 * exception, a hang or an allocation the fuzz JVM's small heap cannot hold is a finding.
 *
 * <p>Each input is read twice: as it is (so the crc check is exercised), and with every command's
 * crc made right ({@link StreamRepair}), so that mutations reach the attribute decoder. The
 * command length cap is 1 MiB here, and the fuzzing run has a 256 MiB heap: a reader that
 * allocated by a declared length instead of by the bytes present would fail it.
 *
 * <p>A normal {@code mvn verify} runs the seeds in {@code StreamReaderFuzzTestInputs/} (real
 * {@code btrfs send} streams and ferry-written ones) and any findings committed there; the
 * {@code fuzz} execution of stream-format's pom fuzzes for 15 s, and {@code bench/fuzz} as long as
 * asked.
 */
class StreamReaderFuzzTest {
    private static final ReaderOptions OPTIONS = new ReaderOptions(1 << 20);
    private static final Pattern WHERE = Pattern.compile("^(stream header|command \\d+) at byte \\d+: .+", Pattern.DOTALL);
    private static final FuzzStats STATS = new FuzzStats("StreamReader");

    @FuzzTest(maxDuration = "15s")
    @DictionaryEntries({"btrfs-stream\0", "\u0001\0\0\0", "\u0002\0\0\0", "\0\0\0\0", "\u0015\0", "\u000f\0", "..", "/"})
    void readsToTheEndOrRejectsWithATypedError(byte[] input) {
        STATS.input();
        read(input, input.length % 2 == 0 ? OPTIONS : OPTIONS.reusingBuffers());
        read(StreamRepair.withCrcsFixed(input), OPTIONS.reusingBuffers());
    }

    private static void read(byte[] input, ReaderOptions options) {
        try (StreamReader reader = StreamReader.open(new ByteArrayInputStream(input), options)) {
            while (reader.next() != null) {
                STATS.step();
            }
            STATS.accepted();
        } catch (StreamFormatException e) {
            assertTrue(WHERE.matcher(e.getMessage()).matches(), "the error does not say where: " + e.getMessage());
            STATS.rejected();
        } catch (IOException e) {
            // The input is in memory: only the reader itself can have thrown this.
            throw new AssertionError("an IOException that is not a StreamFormatException: " + e, e);
        }
    }

    @AfterAll
    static void report() {
        STATS.report();
    }
}
