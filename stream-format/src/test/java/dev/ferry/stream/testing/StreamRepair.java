package dev.ferry.stream.testing;

import dev.ferry.stream.BtrfsCrc32c;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Gives every complete command of a (possibly mutated) send stream a correct crc. A fuzzer almost
 * never gets a CRC-32C right by mutation, so without this nearly every input would stop at the
 * first crc check and never reach the attribute decoder or a receiver. Anything else stays as it
 * is: lengths, command numbers, attributes, a truncated last command, garbage between streams.
 */
public final class StreamRepair {
    private static final byte[] MAGIC = "btrfs-stream\0".getBytes(StandardCharsets.US_ASCII);
    private static final int STREAM_HEADER = 17;
    private static final int COMMAND_HEADER = 10;
    private static final int CRC_OFFSET = 6;

    private StreamRepair() {
    }

    /** A copy of {@code stream} with the crc of every command whose payload is all there recomputed. */
    public static byte[] withCrcsFixed(byte[] stream) {
        byte[] out = stream.clone();
        int pos = 0;
        while (out.length - pos >= COMMAND_HEADER) {
            if (startsWithMagic(out, pos)) {
                pos += STREAM_HEADER;
                continue;
            }
            long length = Integer.toUnsignedLong(u32(out, pos));
            if (length > out.length - pos - COMMAND_HEADER) {
                break; // a truncated command: left as it is
            }
            Arrays.fill(out, pos + CRC_OFFSET, pos + CRC_OFFSET + 4, (byte) 0);
            int crc = BtrfsCrc32c.of(out, pos, COMMAND_HEADER + (int) length);
            putU32(out, pos + CRC_OFFSET, crc);
            pos += COMMAND_HEADER + (int) length;
        }
        return out;
    }

    private static boolean startsWithMagic(byte[] b, int pos) {
        return b.length - pos >= MAGIC.length && Arrays.equals(b, pos, pos + MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    private static int u32(byte[] b, int pos) {
        return (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8 | (b[pos + 2] & 0xFF) << 16 | (b[pos + 3] & 0xFF) << 24;
    }

    private static void putU32(byte[] b, int pos, int value) {
        for (int i = 0; i < 4; i++) {
            b[pos + i] = (byte) (value >>> (8 * i));
        }
    }
}
