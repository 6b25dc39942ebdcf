package dev.ferry.receive;

import dev.ferry.stream.Command;
import dev.ferry.stream.ResumeToken;
import dev.ferry.stream.StreamReader;
import dev.ferry.stream.StreamWriter;
import dev.ferry.stream.WriterOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Streams cut short or broken, and the resumed streams that continue them: the material of the resume trials. */
final class Interrupted {
    private Interrupted() {
    }

    /** How an input ends early. */
    enum Ending {
        /** The input just ends (a sender that died, a cut pipe). */
        EOF,
        /** Reading fails (a reset connection). */
        ERROR
    }

    /** {@code bytes} up to {@code limit}, then the {@code ending}. */
    static InputStream cut(byte[] bytes, int limit, Ending ending) {
        return new InputStream() {
            private int at;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (at >= limit) {
                    if (ending == Ending.ERROR) {
                        throw new IOException("connection reset by peer (test, at byte " + limit + ")");
                    }
                    return -1;
                }
                int n = Math.min(len, limit - at);
                System.arraycopy(bytes, at, b, off, n);
                at += n;
                return n;
            }
        };
    }

    /** The byte offset of each command of a raw stream, and its length at the end. */
    static List<Long> commandOffsets(byte[] stream) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (StreamReader reader = StreamReader.open(new ByteArrayInputStream(stream))) {
            while (reader.next() != null) {
                offsets.add(reader.commandOffset());
            }
            offsets.add(reader.bytesRead());
        }
        return offsets;
    }

    /** What {@code ferry send --resume-from token} sends for {@code full}: decoded and re-encoded (kernel streams re-encode to the same bytes). */
    static byte[] resumed(byte[] full, ResumeToken token) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StreamReader reader = StreamReader.open(new ByteArrayInputStream(full));
             StreamWriter writer = StreamWriter.resume(out, WriterOptions.raw(token.version()), token)) {
            for (Command c = reader.next(); c != null; c = reader.next()) {
                writer.write(c);
            }
        }
        return out.toByteArray();
    }
}
