package dev.ferry.receive;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferry.stream.testing.FuzzStats;
import dev.ferry.stream.testing.StreamRepair;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of {@link Receiver} with raw bytes, applied into a directory mirror in a
 * {@link FuzzSandbox} on a real file system. Whatever the bytes, a receive either succeeds or throws
 * a {@link ReceiveException}; anything else is a finding, and so is any change outside the
 * destination, which is checked after every input.
 *
 * <p>Every command's crc is made right before the receive ({@link StreamRepair}), so mutations get
 * past the reader's crc check (which {@code StreamReaderFuzzTest} covers) into the receiver.
 * {@link ReceiverCommandsFuzzTest} builds well-formed streams instead, to go deeper.
 */
class ReceiverFuzzTest {
    private static final FuzzStats STATS = new FuzzStats("Receiver (bytes)");
    private static final ReceiveOptions OPTIONS = ReceiveOptions.defaults().withTargetKind(ReceiveOptions.TargetKind.DIRECTORY);
    private static FuzzSandbox sandbox;

    @BeforeAll
    static void makeSandbox() throws IOException {
        sandbox = new FuzzSandbox();
    }

    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({FuzzSandbox.OUTSIDE_FROM_DEST, "../", "/", "btrfs-stream\0", "canary", "dest", "\u0002\0\u0021\0"})
    void appliesOrRejectsAndNothingEscapes(byte[] input) throws IOException {
        STATS.input();
        try {
            ReceiveResult result = Receiver.receive(new ByteArrayInputStream(StreamRepair.withCrcsFixed(input)),
                    sandbox.dest(), OPTIONS);
            STATS.accepted();
            STATS.steps(result.commands());
        } catch (ReceiveException e) {
            FuzzSandbox.requireNoBugInside(e);
            STATS.rejected();
        }
        sandbox.checkAndReset();
    }

    @AfterAll
    static void report() throws IOException {
        STATS.report();
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
