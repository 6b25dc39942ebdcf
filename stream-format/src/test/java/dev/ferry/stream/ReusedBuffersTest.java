package dev.ferry.stream;

import static dev.ferry.stream.TestBytes.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ReaderOptions#reuseBuffers()}: borrowed commands, valid until the next read. (Every test
 * that reads through {@link TestBytes#readAll} also reads in this mode.)
 */
class ReusedBuffersTest {
    private static final ReaderOptions REUSING = ReaderOptions.DEFAULT.reusingBuffers();

    @Test
    void optionsDefaultToImmutableCommands() {
        assertFalse(ReaderOptions.DEFAULT.reuseBuffers());
        assertFalse(new ReaderOptions(100).reuseBuffers());
        assertTrue(REUSING.reuseBuffers());
        assertTrue(REUSING.withMaxCommandLength(100).reuseBuffers());
        assertEquals(ReaderOptions.DEFAULT.maxCommandLength(), REUSING.maxCommandLength());
    }

    @Test
    void defaultModeHandsOutImmutableBytes() throws IOException {
        byte[] stream = TestBytes.writeAll(WriterOptions.raw(1), List.of(new Command.Unlink(str("a")), new Command.End()));
        try (StreamReader reader = StreamReader.open(new ByteArrayInputStream(stream))) {
            ByteString path = ((Command.Unlink) reader.next()).path();
            assertFalse(path.isBorrowed());
            assertSame(path, path.retain());
        }
    }

    @Test
    void borrowedBytesChangeWithTheNextCommandAndRetainedOnesDoNot() throws IOException {
        byte[] stream = TestBytes.writeAll(WriterOptions.raw(1),
                List.of(new Command.Unlink(str("first")), new Command.Unlink(str("other")), new Command.End()));
        try (StreamReader reader = StreamReader.open(new ByteArrayInputStream(stream), REUSING)) {
            ByteString borrowed = ((Command.Unlink) reader.next()).path();
            assertTrue(borrowed.isBorrowed());
            assertTrue(borrowed.substring(1, 3).isBorrowed());
            ByteString kept = borrowed.retain();
            assertFalse(kept.isBorrowed());
            assertEquals(str("first"), kept);
            int hashBefore = borrowed.hashCode();

            reader.next();
            assertEquals(str("first"), kept);
            assertEquals(str("other"), borrowed, "the contract: borrowed bytes are the reader's again");
            // No stale cached hash: equal borrowed bytes hash as their immutable twin does.
            assertEquals(str("other").hashCode(), borrowed.hashCode());
            assertNotEquals(hashBefore, borrowed.hashCode());
        }
    }

    /**
     * A payload beyond the up-front capacity grows as it arrives, the grown array is reused, and a
     * smaller command after it reads no further than its own length. (Unknown commands, built by
     * hand: the writer splits large WRITEs.)
     */
    @Test
    void largeThenSmallCommandsShareTheGrownArray() throws IOException {
        Random random = new Random(3);
        byte[] big = new byte[3 << 20];
        random.nextBytes(big);
        byte[] stream = TestBytes.concat(TestBytes.header(2),
                TestBytes.command(200, big),
                TestBytes.command(201, TestBytes.ascii("small")),
                TestBytes.command(202, Arrays.copyOf(big, big.length - 1)),
                TestBytes.END);
        assertEquals(List.of(new Command.Unknown(200, ByteString.of(big)),
                        new Command.Unknown(201, str("small")),
                        new Command.Unknown(202, ByteString.copyOf(big, 0, big.length - 1)),
                        new Command.End()),
                TestBytes.readAll(stream)); // both modes, see there
    }
}
