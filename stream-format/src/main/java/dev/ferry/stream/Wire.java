package dev.ferry.stream;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * Reads and writes the fixed-size values of a send stream in byte arrays: integers are
 * little-endian; UUIDs are 16 bytes in canonical (big-endian) order.
 */
final class Wire {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Wire() {
    }

    static int u16(byte[] b, int offset) {
        return (short) SHORT.get(b, offset) & 0xFFFF;
    }

    static long u32(byte[] b, int offset) {
        return (int) INT.get(b, offset) & 0xFFFF_FFFFL;
    }

    static int i32(byte[] b, int offset) {
        return (int) INT.get(b, offset);
    }

    static long i64(byte[] b, int offset) {
        return (long) LONG.get(b, offset);
    }

    static void putShort(byte[] b, int offset, int value) {
        SHORT.set(b, offset, (short) value);
    }

    static void putInt(byte[] b, int offset, int value) {
        INT.set(b, offset, value);
    }

    static void putLong(byte[] b, int offset, long value) {
        LONG.set(b, offset, value);
    }

    static UUID uuid(byte[] b, int offset) {
        return new UUID((long) LONG_BE.get(b, offset), (long) LONG_BE.get(b, offset + 8));
    }

    static void putUuid(byte[] b, int offset, UUID uuid) {
        LONG_BE.set(b, offset, uuid.getMostSignificantBits());
        LONG_BE.set(b, offset + 8, uuid.getLeastSignificantBits());
    }
}
