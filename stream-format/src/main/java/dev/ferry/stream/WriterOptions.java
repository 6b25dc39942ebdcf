package dev.ferry.stream;

import com.github.luben.zstd.Zstd;
import java.util.Objects;

/**
 * How a {@link StreamWriter} encodes: the protocol version of the stream header, and whether the
 * bytes go out raw or as one zstd frame.
 *
 * @param zstdLevel zstd compression level (ignored when raw)
 * @param zstdWorkers zstd worker threads, 0 for compression in the writing thread (ignored when raw)
 */
public record WriterOptions(int version, Compression compression, int zstdLevel, int zstdWorkers) {
    public static final int DEFAULT_ZSTD_LEVEL = 3;

    public enum Compression { NONE, ZSTD }

    public WriterOptions {
        Objects.requireNonNull(compression, "compression");
        if (!StreamHeader.isSupported(version)) {
            throw new IllegalArgumentException("unsupported send stream version " + version + " (1..3)");
        }
        if (compression == Compression.ZSTD) {
            if (zstdLevel < Zstd.minCompressionLevel() || zstdLevel > Zstd.maxCompressionLevel()) {
                throw new IllegalArgumentException("zstd level out of range: " + zstdLevel);
            }
            if (zstdWorkers < 0) {
                throw new IllegalArgumentException("zstd workers must be >= 0: " + zstdWorkers);
            }
        }
    }

    public static WriterOptions raw(int version) {
        return new WriterOptions(version, Compression.NONE, 0, 0);
    }

    public static WriterOptions zstd(int version) {
        return zstd(version, DEFAULT_ZSTD_LEVEL, 0);
    }

    public static WriterOptions zstd(int version, int level, int workers) {
        return new WriterOptions(version, Compression.ZSTD, level, workers);
    }

    public boolean compressed() {
        return compression == Compression.ZSTD;
    }

    /** The same options for another protocol version. */
    public WriterOptions withVersion(int version) {
        return new WriterOptions(version, compression, zstdLevel, zstdWorkers);
    }
}
