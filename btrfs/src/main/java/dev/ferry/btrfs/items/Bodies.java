package dev.ferry.btrfs.items;

import dev.ferry.btrfs.search.Key;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Reading the packed little-endian fields shared by several item layouts. */
final class Bodies {
    private Bodies() {
    }

    /** Size of a packed btrfs_disk_key. */
    static final int DISK_KEY_SIZE = 17;
    /** Size of a packed btrfs_timespec. */
    static final int TIMESPEC_SIZE = 12;

    static ByteBuffer le(byte[] body) {
        return ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
    }

    static void require(byte[] body, int size, String what) {
        if (body.length < size) {
            throw new ItemFormatException(what + " needs " + size + " bytes, item has " + body.length);
        }
    }

    static void require(ByteBuffer b, int size, String what) {
        if (b.remaining() < size) {
            throw new ItemFormatException(what + " needs " + size + " more bytes at " + b.position()
                    + ", item has " + b.remaining());
        }
    }

    /** btrfs_disk_key at the buffer's position: u64 objectid, u8 type, u64 offset. */
    static Key diskKey(ByteBuffer b) {
        long objectid = b.getLong();
        int type = Byte.toUnsignedInt(b.get());
        long offset = b.getLong();
        return new Key(objectid, type, offset);
    }

    /** btrfs_timespec at {@code offset}: u64 seconds, u32 nanoseconds. */
    static Instant time(ByteBuffer b, int offset) {
        return Instant.ofEpochSecond(b.getLong(offset), Integer.toUnsignedLong(b.getInt(offset + 8)));
    }

    static UUID uuid(ByteBuffer b, int offset) {
        ByteBuffer big = b.duplicate().order(ByteOrder.BIG_ENDIAN);
        return new UUID(big.getLong(offset), big.getLong(offset + 8));
    }

    /** A uuid field where all zeros means "none". */
    static Optional<UUID> optionalUuid(ByteBuffer b, int offset) {
        UUID u = uuid(b, offset);
        return isNil(u) ? Optional.empty() : Optional.of(u);
    }

    static boolean isNil(UUID u) {
        return u.getMostSignificantBits() == 0 && u.getLeastSignificantBits() == 0;
    }

    static byte[] bytes(ByteBuffer b, int length, String what) {
        require(b, length, what);
        byte[] out = new byte[length];
        b.get(out);
        return out;
    }
}
