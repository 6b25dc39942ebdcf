package dev.ferry.stream;

import static dev.ferry.stream.TestBytes.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StreamWriterTest {
    @Test
    void largeWriteIsSplitAtFortyEightKibInV1() throws IOException {
        List<Command> read = writeAndRead(1, 200_000, 1000);
        assertEquals(List.of(49152, 49152, 49152, 49152, 3392), dataSizes(read));
        assertEquals(List.of(1000L, 50152L, 99304L, 148456L, 197608L), offsets(read));
    }

    @Test
    void largeWriteIsSplitAt128KibInV2AndV3() throws IOException {
        for (int version : new int[] {2, 3}) {
            List<Command> read = writeAndRead(version, 300_000, 0);
            assertEquals(List.of(131072, 131072, 37856), dataSizes(read));
            assertEquals(List.of(0L, 131072L, 262144L), offsets(read));
        }
    }

    @Test
    void writeOfExactlyTheLimitIsNotSplit() throws IOException {
        assertEquals(1, dataSizes(writeAndRead(1, 49152, 0)).size());
        assertEquals(1, dataSizes(writeAndRead(2, 131072, 0)).size());
    }

    @Test
    void everyV1CommandOfASplitWriteStaysBelow64Kib() throws IOException {
        ByteString longPath = ByteString.wrap(filled(4000), 0, 4000);
        ByteString data = ByteString.wrap(filled(200_000), 0, 200_000);
        byte[] stream = TestBytes.writeAll(WriterOptions.raw(1),
                List.of(new Command.Write(longPath, 0, data), new Command.End()));
        try (StreamReader reader = StreamReader.open(new ByteArrayInputStream(stream))) {
            long previousOffset = StreamHeader.SIZE;
            for (Command c = reader.next(); c != null; c = reader.next()) {
                assertTrue(reader.bytesRead() - reader.commandOffset() < 65536, "command " + reader.commandIndex());
                previousOffset = reader.commandOffset();
            }
            assertEquals(5, reader.commandIndex());
            assertEquals(stream.length - 10, previousOffset);
        }
    }

    @Test
    void commandsOfLaterVersionsAreRejected() throws IOException {
        assertRejected(1, new Command.Fallocate(str("f"), 3, 0, 4096), "FALLOCATE needs stream version 2");
        assertRejected(1, new Command.FileAttr(str("f"), 0x200), "FILEATTR needs stream version 2");
        assertRejected(1, new Command.EncodedWrite(str("f"), 0, 1, 1, 0, OptionalInt.of(2), OptionalInt.empty(),
                str("x")), "ENCODED_WRITE needs stream version 2");
        assertRejected(2, new Command.EnableVerity(str("f"), 1, 4096, ByteString.EMPTY, ByteString.EMPTY),
                "ENABLE_VERITY needs stream version 3");
    }

    @Test
    void unencodableValuesAreRejected() throws IOException {
        ByteString tooLong = ByteString.wrap(new byte[65536], 0, 65536);
        ByteString withNul = ByteString.of((byte) 'a', (byte) 0, (byte) 'b');
        for (int version = 1; version <= 3; version++) {
            assertRejected(version, new Command.SetXattr(str("f"), str("user.x"), tooLong), "more than a TLV can hold");
            assertRejected(version, new Command.Unlink(ByteString.wrap(filled(65536), 0, 65536)),
                    "more than a TLV can hold");
            assertRejected(version, new Command.Rename(str("a"), withNul), "contains a NUL byte");
            assertRejected(version, new Command.Write(withNul, 0, tooLong), "contains a NUL byte");
            assertRejected(version, new Command.Unknown(15, ByteString.EMPTY), "is WRITE");
            assertRejected(version, new Command.Unknown(70_000, ByteString.EMPTY), "out of u16 range");
        }
        assertRejected(3, new Command.EnableVerity(str("f"), 256, 4096, ByteString.EMPTY, ByteString.EMPTY), "u8");
        assertRejected(3, new Command.EnableVerity(str("f"), 1, 1L << 32, ByteString.EMPTY, ByteString.EMPTY), "u32");
    }

    @Test
    void dataInV2MayExceedATlv() throws IOException {
        ByteString big = ByteString.wrap(filled(200_000), 0, 200_000);
        Command encoded = new Command.EncodedWrite(str("f"), 0, 1 << 20, 1 << 20, 0, OptionalInt.of(2),
                OptionalInt.of(0), big);
        assertEquals(List.of(encoded, new Command.End()),
                TestBytes.readAll(TestBytes.writeAll(WriterOptions.raw(2), List.of(encoded, new Command.End()))));
    }

    @Test
    void unknownCommandsOfAnySizeRoundTrip() throws IOException {
        byte[] payload = new byte[200_000];
        new java.util.Random(7).nextBytes(payload);
        Command big = new Command.Unknown(99, ByteString.of(payload));
        for (int version = 1; version <= 3; version++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (StreamWriter writer = StreamWriter.open(out, WriterOptions.raw(version))) {
                writer.write(big);
                writer.write(new Command.End());
            }
            try (StreamReader reader = StreamReader.open(new ByteArrayInputStream(out.toByteArray()))) {
                assertEquals(big, reader.next(), "v" + version);
                assertEquals(new Command.End(), reader.next());
            }
        }
    }

    /** A fixed-size attribute that lands across the end of the encoder's first 64 KiB buffer. */
    @Test
    void attributesStraddlingTheInitialBufferRoundTrip() throws IOException {
        for (int pathLength = 65_505; pathLength <= 65_535; pathLength++) {
            ByteString path = ByteString.wrap(filled(pathLength), 0, pathLength);
            List<Command> commands = List.of(
                    new Command.Truncate(path, 0x0102_0304_0506_0708L),
                    new Command.Snapshot(path, java.util.UUID.randomUUID(), 7, java.util.UUID.randomUUID(), 5),
                    new Command.Fallocate(path, 3, 4096, 8192),
                    new Command.End());
            assertEquals(commands, TestBytes.readAll(TestBytes.writeAll(WriterOptions.raw(2), commands)),
                    "path of " + pathLength + " bytes");
        }
    }

    @Test
    void utimesOtimeIsEmittedOnlyWhenPresent() throws IOException {
        Timespec t = new Timespec(-1, 999_999_999);
        Command without = new Command.Utimes(str("f"), t, t, t, Optional.empty());
        Command with = new Command.Utimes(str("f"), t, t, t, Optional.of(t));
        int withoutSize = TestBytes.writeAll(WriterOptions.raw(2), List.of(without)).length;
        int withSize = TestBytes.writeAll(WriterOptions.raw(2), List.of(with)).length;
        assertEquals(16, withSize - withoutSize);
    }

    @Test
    void bytesWrittenCountsHeadersAndCommands() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StreamWriter writer = StreamWriter.open(out, WriterOptions.raw(1))) {
            assertEquals(17, writer.bytesWritten());
            writer.write(new Command.End());
            assertEquals(27, writer.bytesWritten());
            writer.write(new Command.Subvol(str("s"), new UUID(0, 0), 1));
            assertEquals(27 + 17 + 10 + 5 + 20 + 12, writer.bytesWritten());
        }
    }

    private static void assertRejected(int version, Command command, String reasonPart) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StreamWriter writer = StreamWriter.open(out, WriterOptions.raw(version))) {
            writer.write(new Command.End());
            long before = writer.bytesWritten();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> writer.write(command));
            assertTrue(e.getMessage().contains(reasonPart), e.getMessage());
            assertEquals(before, writer.bytesWritten(), "nothing written for a rejected command");
        }
    }

    private static List<Command> writeAndRead(int version, int size, long offset) throws IOException {
        ByteString data = ByteString.wrap(filled(size), 0, size);
        List<Command> read = TestBytes.readAll(TestBytes.writeAll(WriterOptions.raw(version),
                List.of(new Command.Write(str("big"), offset, data), new Command.End())));
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (Command c : read.subList(0, read.size() - 1)) {
            joined.writeBytes(((Command.Write) c).data().toByteArray());
        }
        assertEquals(data, ByteString.of(joined.toByteArray()));
        return read.subList(0, read.size() - 1);
    }

    private static List<Integer> dataSizes(List<Command> writes) {
        return writes.stream().map(c -> ((Command.Write) c).data().size()).toList();
    }

    private static List<Long> offsets(List<Command> writes) {
        return writes.stream().map(c -> ((Command.Write) c).offset()).toList();
    }

    private static byte[] filled(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        for (int i = 0; i < size; i++) {
            if (bytes[i] == 0) {
                bytes[i] = 1;
            }
        }
        return bytes;
    }
}
