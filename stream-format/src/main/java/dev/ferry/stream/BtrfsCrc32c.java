package dev.ferry.stream;

import java.util.zip.CRC32C;

/**
 * The checksum of a send stream command: CRC-32C (Castagnoli) with initial value 0 and no final
 * xor, the kernel's raw {@code crc32c(0, buf, len)}. The standard CRC-32C that the
 * hardware-accelerated {@link CRC32C} computes starts its register at 0xFFFFFFFF and complements
 * it at the end. Both differences are undone without touching the data twice:
 *
 * <ul>
 *   <li>four 0xFF bytes fed first bring the register from 0xFFFFFFFF to 0 (each byte xors the
 *       register's low byte to zero and shifts it right by eight), so the data is then folded into
 *       a register that starts at 0, as the kernel's does;
 *   <li>the final complement is taken back by complementing {@link CRC32C#getValue()}.
 * </ul>
 *
 * <p>An instance accumulates data like {@link CRC32C}; it is not thread-safe.
 */
public final class BtrfsCrc32c {
    private static final byte[] CLEAR_REGISTER = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

    private final CRC32C standard = new CRC32C();

    public BtrfsCrc32c() {
        reset();
    }

    public void update(byte[] bytes, int offset, int length) {
        standard.update(bytes, offset, length);
    }

    public void reset() {
        standard.reset();
        standard.update(CLEAR_REGISTER, 0, CLEAR_REGISTER.length);
    }

    /** The send-stream crc of everything passed to {@link #update} since the last reset. */
    public int value() {
        return ~(int) standard.getValue();
    }

    /** The send-stream crc of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static int of(byte[] bytes, int offset, int length) {
        BtrfsCrc32c crc = new BtrfsCrc32c();
        crc.update(bytes, offset, length);
        return crc.value();
    }
}
