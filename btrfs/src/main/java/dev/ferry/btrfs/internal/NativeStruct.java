package dev.ferry.btrfs.internal;

import java.nio.ByteBuffer;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import java.time.Instant;
import java.util.UUID;

/** Reading and writing the field types that recur in ioctl argument structs. */
public final class NativeStruct {
    private NativeStruct() {
    }

    /** 16 raw bytes at {@code offset}, in the byte order btrfs prints them. */
    public static UUID uuid(ByteBuffer buf, int offset) {
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = msb << 8 | (buf.get(offset + i) & 0xFF);
            lsb = lsb << 8 | (buf.get(offset + 8 + i) & 0xFF);
        }
        return new UUID(msb, lsb);
    }

    public static void putUuid(ByteBuffer buf, int offset, UUID uuid) {
        long msb = uuid.getMostSignificantBits();
        long lsb = uuid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            buf.put(offset + i, (byte) (msb >>> (56 - 8 * i)));
            buf.put(offset + 8 + i, (byte) (lsb >>> (56 - 8 * i)));
        }
    }

    /** btrfs_ioctl_timespec: u64 sec, u32 nsec, 4 bytes padding (16 bytes). */
    public static Instant btrfsTimespec(ByteBuffer buf, int offset) {
        return Instant.ofEpochSecond(buf.getLong(offset), Integer.toUnsignedLong(buf.getInt(offset + 8)));
    }

    public static void putBtrfsTimespec(ByteBuffer buf, int offset, Instant time) {
        buf.putLong(offset, time.getEpochSecond());
        buf.putInt(offset + 8, time.getNano());
    }

    /** {@code bytes} written at {@code offset} followed by a NUL; the caller checked it fits. */
    public static void putCString(ByteBuffer buf, int offset, byte[] bytes) {
        buf.put(offset, bytes);
        buf.put(offset + bytes.length, (byte) 0);
    }

    /**
     * The native address of a direct buffer, for a struct field that points at it. The caller
     * must keep {@code buffer} reachable until the call that uses the address has returned
     * ({@link java.lang.ref.Reference#reachabilityFence}).
     */
    public static long address(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("a struct can only point at a direct buffer");
        }
        return Pointer.wrap(Runtime.getRuntime(LibC.INSTANCE), buffer).address();
    }
}
