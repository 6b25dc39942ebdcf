package dev.ferry.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A dozen-command stream damaged byte by byte and cut at every length: every variant is rejected
 * with a {@link StreamFormatException} that blames the right command (or the header).
 */
class CorruptionTest {
    /** A small stream and where each of its commands starts; starts[i + 1] is where command i ends. */
    private record Sample(byte[] bytes, long[] starts) {
        /** Index of the command whose bytes include {@code position}, or -1 for the header. */
        int commandAt(long position) {
            if (position < StreamHeader.SIZE) {
                return -1;
            }
            int i = 0;
            while (starts[i + 1] <= position) {
                i++;
            }
            return i;
        }
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(ints = {1, 2, 3})
    void everyFlippedByteIsCaughtAndBlamedOnItsCommand(int version) throws IOException {
        Sample sample = sample(version);
        for (int mask : new int[] {0x01, 0xFF}) {
            for (int p = 0; p < sample.bytes.length; p++) {
                byte[] damaged = sample.bytes.clone();
                damaged[p] ^= (byte) mask;
                if (isOtherValidVersion(damaged, p, version)) {
                    continue; // e.g. 02 ^ 01 = 03: a valid v3 header, and v3 frames commands as v2 does
                }
                int expected = sample.commandAt(p);
                assertRejected(damaged, expected, expected < 0 ? 0 : sample.starts[expected],
                        "byte " + p + " xor 0x" + Integer.toHexString(mask));
            }
        }
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(ints = {1, 2})
    void everyTruncationIsCaughtAndBlamedOnTheCutCommand(int version) throws IOException {
        Sample sample = sample(version);
        for (int length = 0; length < sample.bytes.length; length++) {
            int expected = sample.commandAt(length);
            assertRejected(Arrays.copyOf(sample.bytes, length), expected,
                    expected < 0 ? 0 : sample.starts[expected], "cut at " + length);
        }
        assertEquals(13, TestBytes.readAll(sample.bytes).size());
    }

    private static boolean isOtherValidVersion(byte[] damaged, int position, int version) {
        return position >= StreamHeader.MAGIC.length && position < StreamHeader.SIZE
                && version > 1 && StreamHeader.isSupported(Wire.u32(damaged, StreamHeader.MAGIC.length));
    }

    private static void assertRejected(byte[] stream, long index, long offset, String what) {
        StreamFormatException e = assertThrows(StreamFormatException.class, () -> TestBytes.readAll(stream),
                () -> what + " was accepted");
        if (e.commandIndex() != index || e.offset() != offset) {
            fail(what + ": expected blame on command " + index + " at " + offset + ", got: " + e.getMessage());
        }
    }

    private static Sample sample(int version) throws IOException {
        UUID uuid = UUID.fromString("ebde0678-4778-3b4d-a807-9e61e3b5ac34");
        List<Command> commands = new ArrayList<>(List.of(
                new Command.Subvol(TestBytes.str("snap1"), uuid, 7),
                new Command.Chown(ByteString.EMPTY, 0, 0),
                new Command.Chmod(ByteString.EMPTY, 0755),
                new Command.MkFile(TestBytes.str("o257-7-0"), 257),
                new Command.Rename(TestBytes.str("o257-7-0"), TestBytes.str("hello.txt")),
                new Command.SetXattr(TestBytes.str("hello.txt"), TestBytes.str("user.color"), TestBytes.str("blue")),
                new Command.Write(TestBytes.str("hello.txt"), 0, TestBytes.str("Hello, btrfs send!\n")),
                new Command.MkFifo(TestBytes.str("fifo"), 259, OptionalLong.of(0), OptionalLong.of(010644)),
                new Command.Clone(TestBytes.str("copy"), 0, 4096, uuid, 7, TestBytes.str("hello.txt"), 0),
                new Command.Truncate(TestBytes.str("hello.txt"), 1 << 20),
                new Command.Utimes(TestBytes.str("hello.txt"), new Timespec(1, 2), new Timespec(3, 4),
                        new Timespec(-5, 6), version >= 2 ? Optional.of(new Timespec(7, 8)) : Optional.empty())));
        if (version >= 2) {
            commands.set(9, new Command.EncodedWrite(TestBytes.str("z"), 0, 8192, 8192, 0, OptionalInt.of(2),
                    OptionalInt.empty(), TestBytes.str("compressed")));
        }
        commands.add(new Command.Unknown(99, TestBytes.str("opaque")));
        commands.add(new Command.End());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] starts = new long[commands.size() + 1];
        try (StreamWriter writer = StreamWriter.open(out, WriterOptions.raw(version))) {
            for (int i = 0; i < commands.size(); i++) {
                starts[i] = writer.bytesWritten();
                writer.write(commands.get(i));
            }
            starts[commands.size()] = writer.bytesWritten();
        }
        return new Sample(out.toByteArray(), starts);
    }
}
