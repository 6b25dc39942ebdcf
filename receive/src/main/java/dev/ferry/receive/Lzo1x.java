package dev.ferry.receive;

/**
 * A decompressor for LZO1X, the format of btrfs's lzo extents (each segment is one lzo1x_1
 * compressed block). Written from the format description in the Linux kernel
 * (Documentation/staging/lzo.rst); every read and copy is bounds-checked, so malformed input is a
 * {@link CorruptDataException}, never an out-of-range access or an endless loop.
 *
 * <p>An instruction copies a run of literal bytes or a match (a copy from earlier output) followed
 * by up to three literals; how a byte below 16 reads depends on the literals the previous
 * instruction copied ({@code state}).
 */
final class Lzo1x {
    private Lzo1x() {
    }

    /**
     * Decompresses {@code in[inOff, inOff + inLen)} into {@code out} from {@code outOff}, writing at
     * most {@code outCap} bytes. Returns the number of bytes produced. Matches may reach back only
     * to {@code outOff}.
     */
    static int decompress(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outCap)
            throws CorruptDataException {
        return new Decoder(in, inOff, inLen, out, outOff, outCap).run();
    }

    private static final class Decoder {
        private final byte[] in;
        private final int inEnd;
        private final byte[] out;
        private final int outStart;
        private final int outEnd;
        private int ip;
        private int op;

        Decoder(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outCap) {
            this.in = in;
            this.ip = inOff;
            this.inEnd = inOff + inLen;
            this.out = out;
            this.outStart = outOff;
            this.op = outOff;
            this.outEnd = outOff + outCap;
        }

        int run() throws CorruptDataException {
            int state = 0;
            int first = peek();
            if (first == 17) {
                throw new CorruptDataException("lzo: the RLE bitstream variant is not used by btrfs");
            }
            if (first > 17) { // the stream starts with a literal run of first - 17 bytes
                ip++;
                int count = first - 17;
                literals(count);
                state = count < 4 ? count : 4;
            }
            while (true) {
                int t = next();
                int length;
                int distance;
                int trailing;
                if (t < 16) {
                    if (state == 0) { // a run of 4 or more literals
                        length = 3 + (t != 0 ? t : 15 + zeroExtended());
                        literals(length);
                        state = 4;
                        continue;
                    }
                    int h = next();
                    length = state == 4 ? 3 : 2;
                    distance = (h << 2) + ((t >> 2) & 3) + (state == 4 ? 2049 : 1);
                    trailing = t & 3;
                } else if (t < 32) {
                    length = 2 + ((t & 7) != 0 ? t & 7 : 7 + zeroExtended());
                    int le = next() | next() << 8;
                    distance = 16384 + ((t & 8) << 11) + (le >> 2);
                    if (distance == 16384) {
                        return op - outStart; // end of stream
                    }
                    trailing = le & 3;
                } else if (t < 64) {
                    length = 2 + ((t & 31) != 0 ? t & 31 : 31 + zeroExtended());
                    int le = next() | next() << 8;
                    distance = (le >> 2) + 1;
                    trailing = le & 3;
                } else {
                    int h = next();
                    length = t < 128 ? 3 + ((t >> 5) & 1) : 5 + ((t >> 5) & 3);
                    distance = (h << 3) + ((t >> 2) & 7) + 1;
                    trailing = t & 3;
                }
                match(distance, length);
                literals(trailing);
                state = trailing;
            }
        }

        /** A length continued in zero bytes: 255 per zero byte, plus the first non-zero byte. */
        private int zeroExtended() throws CorruptDataException {
            int sum = 0;
            int b;
            while ((b = next()) == 0) {
                sum += 255;
                if (sum > outEnd - outStart) {
                    throw new CorruptDataException("lzo: run length beyond the output size");
                }
            }
            return sum + b;
        }

        private void literals(int count) throws CorruptDataException {
            if (count > inEnd - ip) {
                throw new CorruptDataException("lzo: input ends inside a literal run");
            }
            if (count > outEnd - op) {
                throw new CorruptDataException("lzo: output larger than " + (outEnd - outStart) + " bytes");
            }
            System.arraycopy(in, ip, out, op, count);
            ip += count;
            op += count;
        }

        /** Copies {@code length} bytes from {@code distance} back; overlapping copies repeat bytes, byte by byte. */
        private void match(int distance, int length) throws CorruptDataException {
            if (distance > op - outStart) {
                throw new CorruptDataException("lzo: match reaches " + distance + " bytes back, before the start of the output");
            }
            if (length > outEnd - op) {
                throw new CorruptDataException("lzo: output larger than " + (outEnd - outStart) + " bytes");
            }
            int from = op - distance;
            for (int i = 0; i < length; i++) {
                out[op + i] = out[from + i];
            }
            op += length;
        }

        private int peek() throws CorruptDataException {
            if (ip >= inEnd) {
                throw new CorruptDataException("lzo: empty input");
            }
            return in[ip] & 0xFF;
        }

        private int next() throws CorruptDataException {
            if (ip >= inEnd) {
                throw new CorruptDataException("lzo: input ends without the end-of-stream marker");
            }
            return in[ip++] & 0xFF;
        }
    }
}
