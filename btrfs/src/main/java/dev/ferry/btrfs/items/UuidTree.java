package dev.ferry.btrfs.items;

import dev.ferry.btrfs.search.ItemType;
import dev.ferry.btrfs.search.Key;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The UUID tree (tree 9) maps a uuid to subvolume ids. Key: objectid = the uuid's bytes 0..7 read
 * as a little-endian u64, type = {@link ItemType#UUID_KEY_SUBVOL} (a subvolume's own uuid) or
 * {@link ItemType#UUID_KEY_RECEIVED_SUBVOL} (its received_uuid), offset = bytes 8..15 read as a
 * little-endian u64 ({@code btrfs_uuid_to_key}). Body: an array of u64 subvolume ids.
 */
public final class UuidTree {
    private UuidTree() {
    }

    /** The key under which {@code uuid} is filed with {@code type} (251 or 252). */
    public static Key key(UUID uuid, int type) {
        // java.util.UUID holds the bytes big-endian; btrfs reads each half little-endian.
        return new Key(Long.reverseBytes(uuid.getMostSignificantBits()), type,
                Long.reverseBytes(uuid.getLeastSignificantBits()));
    }

    /** The uuid a UUID-tree key was built from. */
    public static UUID uuid(Key key) {
        return new UUID(Long.reverseBytes(key.objectid()), Long.reverseBytes(key.offset()));
    }

    /** The subvolume ids of a UUID-tree item, in stored order. */
    public static List<Long> decode(byte[] body) {
        if (body.length % 8 != 0) {
            throw new ItemFormatException("UUID item length " + body.length + " is not a multiple of 8");
        }
        ByteBuffer b = Bodies.le(body);
        List<Long> ids = new ArrayList<>(body.length / 8);
        while (b.hasRemaining()) {
            ids.add(b.getLong());
        }
        return List.copyOf(ids);
    }
}
