package dev.ferry.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Helpers to build and take apart streams in tests. */
final class TestBytes {
    private TestBytes() {
    }

    /**
     * Bytes from a readable spec: hex pairs separated by spaces or '|', and double-quoted ASCII
     * text in which \n stands for a newline.
     */
    static byte[] hex(String spec) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < spec.length()) {
            char c = spec.charAt(i);
            if (c == ' ' || c == '|' || c == '\n') {
                i++;
            } else if (c == '"') {
                int end = spec.indexOf('"', i + 1);
                out.writeBytes(spec.substring(i + 1, end).replace("\\n", "\n").getBytes(StandardCharsets.US_ASCII));
                i = end + 1;
            } else {
                out.write(Integer.parseInt(spec.substring(i, i + 2), 16));
                i += 2;
            }
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] header(int version) {
        return StreamHeader.encode(version);
    }

    static final byte[] END = hex("00 00 00 00 15 00 50 6c c9 9d");

    static List<Command> readAll(byte[] stream) throws IOException {
        return readAll(stream, ReaderOptions.DEFAULT);
    }

    /**
     * Every command of {@code stream}, or the exception that stops the reading. It is read a second
     * time with {@link ReaderOptions#reuseBuffers()}, which must give equal commands, each checked
     * while it is valid, and the same failure: so every test that reads through here covers both.
     */
    static List<Command> readAll(byte[] stream, ReaderOptions options) throws IOException {
        List<Command> commands = new ArrayList<>();
        IOException failure = null;
        try (StreamReader reader = StreamReader.open(new ByteArrayInputStream(stream),
                new ReaderOptions(options.maxCommandLength()))) {
            for (Command c = reader.next(); c != null; c = reader.next()) {
                commands.add(c);
            }
        } catch (IOException e) {
            failure = e;
        }
        assertSameReusingBuffers(stream, options, commands, failure);
        if (failure != null) {
            throw failure;
        }
        return commands;
    }

    private static void assertSameReusingBuffers(byte[] stream, ReaderOptions options, List<Command> expected,
                                                 IOException expectedFailure) {
        int i = 0;
        try (StreamReader reader = StreamReader.open(new ByteArrayInputStream(stream), options.reusingBuffers())) {
            for (Command c = reader.next(); c != null; c = reader.next(), i++) {
                assertTrue(i < expected.size(), "reusing buffers: more commands than " + expected.size());
                assertEquals(expected.get(i), c, "reusing buffers: command " + i);
            }
            assertNull(expectedFailure, "reusing buffers: read to the end");
            assertEquals(expected.size(), i, "reusing buffers: command count");
        } catch (IOException e) {
            assertNotNull(expectedFailure, () -> "reusing buffers: failed alone: " + e);
            assertEquals(expectedFailure.getClass(), e.getClass());
            assertEquals(expectedFailure.getMessage(), e.getMessage());
        }
    }

    static byte[] writeAll(WriterOptions options, List<? extends Command> commands) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StreamWriter writer = StreamWriter.open(out, options)) {
            for (Command c : commands) {
                writer.write(c);
            }
        }
        return out.toByteArray();
    }

    static ByteString str(String s) {
        return ByteString.utf8(s);
    }

    /** A command with a correct crc: header {len, number, crc} + payload. */
    static byte[] command(int number, byte[] payload) {
        byte[] bytes = new byte[10 + payload.length];
        Wire.putInt(bytes, 0, payload.length);
        Wire.putShort(bytes, 4, number);
        System.arraycopy(payload, 0, bytes, 10, payload.length);
        Wire.putInt(bytes, 6, BtrfsCrc32c.of(bytes, 0, bytes.length));
        return bytes;
    }

    /** One TLV with a u16 length. */
    static byte[] tlv(int type, byte[] value) {
        byte[] bytes = new byte[4 + value.length];
        Wire.putShort(bytes, 0, type);
        Wire.putShort(bytes, 2, value.length);
        System.arraycopy(value, 0, bytes, 4, value.length);
        return bytes;
    }

    static byte[] u64(long value) {
        byte[] bytes = new byte[8];
        Wire.putLong(bytes, 0, value);
        return bytes;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
