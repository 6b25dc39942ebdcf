package dev.ferry.stream;

/**
 * The running digest of a stream prefix: FNV-1a over the 32-bit crcs of its commands, in order.
 * Each crc covers its command's header (length and number) and payload, so two prefixes with
 * the same digest are, short of a 64-bit collision between honest streams, the same commands.
 * It detects a regenerated stream that differs (other clone sources, changed data, another
 * ferry version); it is no defence against a forger, who could as well forge the stream.
 */
public final class StreamDigest {
    /** The digest of no commands. */
    public static final long EMPTY = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private StreamDigest() {
    }

    /** {@code digest} extended by one command with crc {@code crc}. */
    public static long fold(long digest, int crc) {
        long d = digest;
        for (int shift = 0; shift < 32; shift += 8) {
            d ^= (crc >>> shift) & 0xff;
            d *= PRIME;
        }
        return d;
    }
}
