package dev.ferry.receive;

/**
 * Btrfs's framing of lzo extents: a u32 LE total length (itself included), then segments, each a
 * u32 LE compressed length and one {@link Lzo1x} block that decodes to at most one sector. A
 * segment header never straddles a sector boundary: when fewer than 4 bytes are left in the
 * sector, the rest of it is padding.
 */
final class BtrfsLzo {
    private static final int LENGTH_BYTES = 4;

    private BtrfsLzo() {
    }

    static void decode(byte[] data, byte[] out, int sectorSize) throws CorruptDataException {
        if (data.length < LENGTH_BYTES) {
            throw new CorruptDataException("lzo extent shorter than its header");
        }
        long total = u32(data, 0);
        if (total < LENGTH_BYTES || total > data.length) {
            throw new CorruptDataException("lzo extent claims " + total + " bytes, has " + data.length);
        }
        int end = (int) total;
        int in = LENGTH_BYTES;
        int produced = 0;
        while (in < end && produced < out.length) {
            int leftInSector = sectorSize - in % sectorSize;
            if (leftInSector < LENGTH_BYTES) {
                in += leftInSector; // padding: the next header starts in the next sector
                continue;
            }
            long segment = u32(data, in);
            in += LENGTH_BYTES;
            if (segment > end - in) {
                throw new CorruptDataException("lzo segment of " + segment + " bytes at " + (in - LENGTH_BYTES)
                        + " runs past the extent's " + end + " bytes");
            }
            produced += Lzo1x.decompress(data, in, (int) segment, out, produced, Math.min(sectorSize, out.length - produced));
            in += (int) segment;
        }
    }

    private static long u32(byte[] b, int at) throws CorruptDataException {
        if (at + LENGTH_BYTES > b.length) {
            throw new CorruptDataException("lzo extent ends inside a segment header");
        }
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
