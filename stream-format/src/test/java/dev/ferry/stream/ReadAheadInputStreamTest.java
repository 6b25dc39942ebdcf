package dev.ferry.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ReadAheadInputStreamTest {

    @Test
    void passesEveryByteOnInOrderWhateverTheReadSizes() throws IOException {
        Random random = new Random(7);
        byte[] data = new byte[1_000_003];
        random.nextBytes(data);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        try (InputStream in = ReadAheadInputStream.of(new ByteArrayInputStream(data), 4096, 3)) {
            byte[] buffer = new byte[10_000];
            for (int n; (n = in.read(buffer, 0, 1 + random.nextInt(buffer.length))) >= 0; ) {
                copy.write(buffer, 0, n);
            }
            assertEquals(-1, in.read(), "the end stays the end");
        }
        assertArrayEquals(data, copy.toByteArray());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void handsOnWhatAPipeDeliversWithoutWaitingForAFullChunk() throws IOException {
        PipedOutputStream writer = new PipedOutputStream();
        try (InputStream in = ReadAheadInputStream.of(new PipedInputStream(writer), 1 << 20, 2)) {
            writer.write(new byte[] {1, 2, 3});
            writer.flush();
            byte[] buffer = new byte[100];
            assertEquals(3, in.read(buffer, 0, buffer.length), "a 3-byte delivery should be readable at once");
            writer.close();
            assertEquals(-1, in.read(buffer, 0, buffer.length));
        }
    }

    @Test
    void rethrowsTheSourcesFailureAfterTheBytesBeforeIt() throws IOException {
        IOException failure = new IOException("disk on fire");
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served == 2) {
                    throw failure;
                }
                served++;
                b[off] = (byte) served;
                return 1;
            }
        };
        try (InputStream in = ReadAheadInputStream.of(failing, 16, 2)) {
            assertEquals(1, in.read());
            assertEquals(2, in.read());
            assertSame(failure, assertThrows(IOException.class, in::read));
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void closeClosesTheSourceAndEndsReading() throws Exception {
        AtomicBoolean sourceClosed = new AtomicBoolean();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return len;
            }

            @Override
            public void close() {
                sourceClosed.set(true);
            }
        };
        ReadAheadInputStream in = ReadAheadInputStream.of(endless, 1024, 2);
        assertEquals(0, in.read());
        in.close();
        assertTrue(sourceClosed.get());
        assertThrows(IOException.class, in::read);
    }

    @Test
    void rejectsNonsenseSizes() {
        InputStream empty = new ByteArrayInputStream(new byte[0]);
        assertThrows(IllegalArgumentException.class, () -> ReadAheadInputStream.of(empty, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ReadAheadInputStream.of(empty, 1, 0));
    }
}
