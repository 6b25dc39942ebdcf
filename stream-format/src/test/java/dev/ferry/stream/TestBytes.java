package dev.ferry.stream;

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

    static List<Command> readAll(byte[] stream, ReaderOptions options) throws IOException {
        List<Command> commands = new ArrayList<>();
        try (StreamReader reader = StreamReader.open(new ByteArrayInputStream(stream), options)) {
            for (Command c = reader.next(); c != null; c = reader.next()) {
                commands.add(c);
            }
        }
        return commands;
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
