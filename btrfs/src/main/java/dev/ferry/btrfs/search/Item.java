package dev.ferry.btrfs.search;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One item returned by a tree search: its key, the generation of the leaf it was found in, and
 * a copy of its packed little-endian body.
 *
 * @param key     the item's key
 * @param transid the generation of the <em>leaf</em> holding the item, not a per-item value: an
 *                unchanged item in a rewritten leaf carries the new generation
 * @param body    the item body, owned by this record; do not modify
 */
public record Item(Key key, long transid, byte[] body) {

    /** The body as a read-only little-endian buffer positioned at 0. */
    public ByteBuffer bodyBuffer() {
        return ByteBuffer.wrap(body).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    public int type() {
        return key.type();
    }

    public long objectid() {
        return key.objectid();
    }

    public long offset() {
        return key.offset();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Item other && key.equals(other.key) && transid == other.transid
                && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * key.hashCode() + Long.hashCode(transid)) + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "Item" + key + " transid " + Long.toUnsignedString(transid) + " len " + body.length;
    }
}
