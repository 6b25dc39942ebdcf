package dev.ferry.stream;

import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/** zstd framing of a whole send stream, as {@code ferry} stores and ships it. */
final class ZstdFraming {
    /** The magic number that opens every zstd frame (0xFD2FB528, little-endian). */
    static final byte[] MAGIC = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD};

    private ZstdFraming() {
    }

    static boolean startsWithMagic(byte[] bytes, int length) {
        return length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** Decompresses {@code in}; frames that follow each other decode as one stream. */
    static InputStream decompressing(InputStream in) throws IOException {
        return new ZstdInputStream(in);
    }

    static OutputStream compressing(OutputStream out, int level, int workers) throws IOException {
        ZstdOutputStream zstd = new ZstdOutputStream(out);
        zstd.setLevel(level);
        if (workers > 0) {
            zstd.setWorkers(workers);
        }
        return zstd;
    }

    /** True when {@code e}, thrown while decompressing, means the compressed input is corrupt. */
    static boolean isDecodingError(Throwable e) {
        return e instanceof ZstdIOException || e instanceof ZstdException;
    }
}
