package dev.ferry.stream;

import java.util.zip.CRC32C;

/**
 * The checksum of a send stream command: CRC-32C (Castagnoli) with initial value 0 and no final
 * xor, the kernel's raw {@code crc32c(0, buf, len)}. It differs from the standard CRC-32C that
 * {@link CRC32C} computes, but only by a term that depends on the length alone:
 *
 * <pre>sendCrc(d) = CRC32C(d) xor CRC32C(d.length zero bytes)</pre>
 *
 * because both are affine in the data and agree on the zero message of every length. So the
 * hardware-accelerated {@link CRC32C} does the one pass over the data, and the correction for
 * {@code n} zero bytes is computed in O(log n) by polynomial arithmetic modulo the CRC polynomial.
 *
 * <p>An instance accumulates data like {@link CRC32C}; it is not thread-safe.
 */
public final class BtrfsCrc32c {
    /** The Castagnoli polynomial, bit-reflected: bit 31 is the coefficient of x^0. */
    private static final int POLY = 0x82F63B78;
    /** x^0 in the reflected representation. */
    private static final int ONE = 0x8000_0000;
    /** X_POW_2K[k] = x^(2^k) mod POLY, for squaring our way to x^(8n). */
    private static final int[] X_POW_2K = new int[67]; // enough for any long n: 8n < 2^67

    static {
        int p = ONE >>> 1; // x^1
        for (int k = 0; k < X_POW_2K.length; k++) {
            X_POW_2K[k] = p;
            p = multiply(p, p);
        }
    }

    private final CRC32C standard = new CRC32C();
    private long length;
    /** The last length's zero-correction: a stream's data commands mostly share one length. */
    private long memoLength = -1;
    private int memoCorrection;

    public void update(byte[] bytes, int offset, int length) {
        standard.update(bytes, offset, length);
        this.length += length;
    }

    public void reset() {
        standard.reset();
        length = 0;
    }

    /** The send-stream crc of everything passed to {@link #update} since the last reset. */
    public int value() {
        if (length != memoLength) {
            memoCorrection = standardCrcOfZeros(length);
            memoLength = length;
        }
        return (int) standard.getValue() ^ memoCorrection;
    }

    /** The send-stream crc of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static int of(byte[] bytes, int offset, int length) {
        BtrfsCrc32c crc = new BtrfsCrc32c();
        crc.update(bytes, offset, length);
        return crc.value();
    }

    /**
     * Standard CRC-32C of {@code n} zero bytes. The standard crc is the raw crc seeded with
     * 0xFFFFFFFF and complemented at the end; feeding zeros to a raw crc multiplies its register
     * by x^8 per byte, so the result is ~(0xFFFFFFFF * x^(8n) mod P).
     */
    static int standardCrcOfZeros(long n) {
        return ~multiply(0xFFFF_FFFF, xPowEightN(n));
    }

    /** x^(8n) mod P, from the binary expansion of 8n. */
    private static int xPowEightN(long n) {
        int product = ONE;
        for (int k = 3; n != 0; k++, n >>>= 1) {
            if ((n & 1) != 0) {
                product = multiply(product, X_POW_2K[k]);
            }
        }
        return product;
    }

    /** a * b mod P over GF(2), both bit-reflected. */
    private static int multiply(int a, int b) {
        int product = 0;
        for (int bit = ONE; bit != 0; bit >>>= 1) {
            if ((a & bit) != 0) {
                product ^= b;
            }
            b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1; // b *= x
        }
        return product;
    }
}
