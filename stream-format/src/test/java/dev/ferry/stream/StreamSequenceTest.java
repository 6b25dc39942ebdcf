package dev.ferry.stream;

import static dev.ferry.stream.TestBytes.concat;
import static dev.ferry.stream.TestBytes.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Concatenated and multi-subvolume streams, reader bookkeeping, and zstd framing. */
class StreamSequenceTest {
    private static final UUID A = new UUID(1, 2);
    private static final UUID B = new UUID(3, 4);

    private static List<Command> subvolume(String name, UUID uuid) {
        return List.of(new Command.Subvol(str(name), uuid, 7), new Command.Chmod(ByteString.EMPTY, 0755),
                new Command.MkFile(str("f"), 257), new Command.Write(str("f"), 0, str(name)));
    }

    @Test
    void concatenatedStreamsReadAsOneSequence() throws IOException {
        byte[] first = TestBytes.writeAll(WriterOptions.raw(1), with(subvolume("a", A), new Command.End()));
        byte[] second = TestBytes.writeAll(WriterOptions.raw(2), with(subvolume("b", B), new Command.End()));
        try (StreamReader reader = StreamReader.open(new ByteArrayInputStream(concat(first, second)))) {
            assertEquals(-1, reader.commandIndex());
            assertEquals(1, reader.version());
            for (int i = 0; i < 5; i++) {
                reader.next();
            }
            assertEquals(4, reader.commandIndex());
            assertEquals(first.length - 10, reader.commandOffset());
            assertEquals(first.length, reader.bytesRead());
            assertEquals(new Command.Subvol(str("b"), B, 7), reader.next());
            assertEquals(2, reader.version());
            assertEquals(5, reader.commandIndex());
            assertEquals(first.length + StreamHeader.SIZE, reader.commandOffset());
            for (int i = 0; i < 4; i++) {
                reader.next();
            }
            assertNull(reader.next());
            assertNull(reader.next());
            assertEquals(9, reader.commandIndex());
            assertEquals(first.length + second.length, reader.bytesRead());
            assertFalse(reader.compressed());
        }
    }

    @Test
    void writerStartsANewStreamAfterEnd() throws IOException {
        List<Command> both = new ArrayList<>(subvolume("a", A));
        both.add(new Command.End());
        both.addAll(subvolume("b", B));
        both.add(new Command.End());
        byte[] written = TestBytes.writeAll(WriterOptions.raw(1), both);
        byte[] expected = concat(TestBytes.writeAll(WriterOptions.raw(1), both.subList(0, 5)),
                TestBytes.writeAll(WriterOptions.raw(1), both.subList(5, 10)));
        assertArrayEquals(expected, written);
        assertEquals(both, TestBytes.readAll(written));
    }

    /** {@code btrfs send -e A B}: one header, the END between subvolumes omitted. */
    @Test
    void multiSubvolumeStreamWithoutIntermediateEnd() throws IOException {
        List<Command> commands = new ArrayList<>(subvolume("a", A));
        commands.add(new Command.Snapshot(str("b"), B, 9, A, 7));
        commands.add(new Command.Unlink(str("f")));
        commands.add(new Command.End());
        byte[] stream = TestBytes.writeAll(WriterOptions.raw(2), commands);
        assertEquals(commands, TestBytes.readAll(stream));
        assertEquals(-1, indexOf(stream, StreamHeader.MAGIC, 1), "a single header");
    }

    @Test
    void junkAfterEndIsABadHeader() throws IOException {
        byte[] stream = concat(TestBytes.writeAll(WriterOptions.raw(1), with(subvolume("a", A), new Command.End())), TestBytes.ascii("trailing junk"));
        StreamFormatException e = assertThrows(StreamFormatException.class, () -> TestBytes.readAll(stream));
        assertEquals(-1, e.commandIndex());
        assertEquals(stream.length - 13, e.offset());
    }

    @Test
    void zstdInputIsDecodedTransparently() throws IOException {
        byte[] raw = TestBytes.writeAll(WriterOptions.raw(2), randomStream(2, 300));
        byte[] compressed = Zstd.compress(raw, 3);
        try (StreamReader reader = StreamReader.open(new ByteArrayInputStream(compressed))) {
            int n = 0;
            while (reader.next() != null) {
                n++;
            }
            assertTrue(reader.compressed());
            assertEquals(301, n);
            assertEquals(raw.length, reader.bytesRead());
        }
        assertEquals(TestBytes.readAll(raw), TestBytes.readAll(compressed));
    }

    /** Two zstd frames back to back, as {@code zstd a; zstd b; cat} gives, hold two streams. */
    @Test
    void concatenatedZstdFrames() throws IOException {
        byte[] first = TestBytes.writeAll(WriterOptions.raw(1), with(subvolume("a", A), new Command.End()));
        byte[] second = TestBytes.writeAll(WriterOptions.raw(1), with(subvolume("b", B), new Command.End()));
        byte[] frames = concat(Zstd.compress(first), Zstd.compress(second));
        assertEquals(TestBytes.readAll(concat(first, second)), TestBytes.readAll(frames));
    }

    @Test
    void writerZstdLevelsAndWorkersDecodeIdentically() throws IOException {
        List<Command> commands = randomStream(2, 400);
        byte[] raw = TestBytes.writeAll(WriterOptions.raw(2), commands);
        for (int level : new int[] {1, 3, 12}) {
            for (int workers : new int[] {0, 2}) {
                byte[] compressed = TestBytes.writeAll(WriterOptions.zstd(2, level, workers), commands);
                assertArrayEquals(raw, Zstd.decompress(compressed, raw.length), "level " + level + " workers " + workers);
                assertEquals(commands, TestBytes.readAll(compressed));
            }
        }
        assertEquals(commands, TestBytes.readAll(TestBytes.writeAll(WriterOptions.zstd(2), commands)));
    }

    private static List<Command> randomStream(int version, int count) {
        List<Command> commands = new ArrayList<>(new RandomCommands(new Random(11), version).commands(count));
        commands.add(new Command.End());
        return commands;
    }

    private static List<Command> with(List<Command> commands, Command last) {
        List<Command> all = new ArrayList<>(commands);
        all.add(last);
        return all;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
