package dev.ferry.archive;

import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import dev.ferry.stream.StreamWriter;
import dev.ferry.stream.WriterOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.UUID;

/** Small zstd-framed send streams, full or incremental, with some file data so corruption has something to hit. */
final class Streams {
    private Streams() {
    }

    static void full(OutputStream out, UUID uuid) throws IOException {
        write(out, new Command.Subvol(ByteString.utf8("vol"), uuid, 10));
    }

    static void incremental(OutputStream out, UUID uuid, UUID parent) throws IOException {
        write(out, new Command.Snapshot(ByteString.utf8("vol"), uuid, 20, parent, 10));
    }

    private static void write(OutputStream out, Command first) throws IOException {
        byte[] data = new byte[200_000];
        new Random(first.hashCode()).nextBytes(data);
        StreamWriter writer = StreamWriter.open(out, WriterOptions.zstd(1));
        writer.write(first);
        writer.write(new Command.Write(ByteString.utf8("file"), 0, ByteString.of(data)));
        writer.write(new Command.End());
        writer.close();
    }
}
