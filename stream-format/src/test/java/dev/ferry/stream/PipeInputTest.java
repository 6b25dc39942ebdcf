package dev.ferry.stream;

import static dev.ferry.stream.TestBytes.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading from a real pipe, as {@code btrfs send | ferry ...} gives: a FileInputStream on a pipe
 * cannot seek, and on JDK 17.0.x its readNBytes, readAllBytes and skip try to, failing with
 * "Illegal seek". A named pipe (FIFO) gives exactly such a stream without touching System.in.
 */
class PipeInputTest {

    @TempDir
    Path dir;

    @Test
    void readsRawStreamFromPipe() throws Exception {
        byte[] stream = TestBytes.writeAll(WriterOptions.raw(1), commands());
        assertEquals(TestBytes.readAll(stream), readThroughPipe(stream, ReaderOptions.DEFAULT));
    }

    @Test
    void readsZstdStreamFromPipe() throws Exception {
        List<Command> commands = commands();
        assertEquals(commands, readThroughPipe(TestBytes.writeAll(WriterOptions.zstd(2), commands), ReaderOptions.DEFAULT));
    }

    /**
     * Small and large payloads, which a pipe hands out in pieces of its own choosing (v1 splits
     * data into WRITEs of at most 48 KiB, v2 keeps them whole).
     */
    private static List<Command> commands() {
        Random random = new Random(42);
        List<Command> commands = new ArrayList<>();
        commands.add(new Command.Subvol(str("snap"), new UUID(1, 2), 7));
        commands.add(new Command.MkFile(str("f"), 257));
        long offset = 0;
        for (int size : new int[] {1, 4096, 49152, 65535, 3, 65000, 200}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            commands.add(new Command.Write(str("f"), offset, ByteString.of(data)));
            offset += size;
        }
        commands.add(new Command.End());
        return commands;
    }

    private List<Command> readThroughPipe(byte[] stream, ReaderOptions options) throws Exception {
        Path fifo = dir.resolve("fifo");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo failed");
        // Opening a FIFO blocks until both ends are open, so the writer runs on its own thread.
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = new FileOutputStream(fifo.toFile())) {
                out.write(stream);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        List<Command> read = new ArrayList<>();
        try (StreamReader reader = StreamReader.open(new FileInputStream(fifo.toFile()), options)) {
            for (Command c = reader.next(); c != null; c = reader.next()) {
                read.add(c);
            }
        }
        writer.get();
        return read;
    }
}
