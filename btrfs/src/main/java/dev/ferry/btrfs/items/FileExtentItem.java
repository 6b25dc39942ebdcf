package dev.ferry.btrfs.items;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * btrfs_file_extent_item, the body of (ino, EXTENT_DATA, file offset): either an {@link Inline}
 * extent holding its data, or an {@link OnDisk} (regular or preallocated) extent pointing at a
 * range of a data extent.
 */
public sealed interface FileExtentItem permits FileExtentItem.Inline, FileExtentItem.OnDisk {
    int TYPE_INLINE = 0;
    int TYPE_REG = 1;
    int TYPE_PREALLOC = 2;

    /** The transaction that wrote the data; kept when the item is later split or trimmed. */
    long generation();

    /** Decoded (uncompressed) size of the whole extent; for inline, the decoded inline length. */
    long ramBytes();

    Compression compression();

    int encryption();

    int otherEncoding();

    /** {@link #TYPE_INLINE}, {@link #TYPE_REG} or {@link #TYPE_PREALLOC}. */
    int type();

    /**
     * Data stored in the item itself, at file offset 0: the file bytes, or the compressed
     * bytes when {@code compression} is not NONE. A symlink's target is an inline extent.
     */
    record Inline(long generation, long ramBytes, Compression compression, int encryption, int otherEncoding,
            byte[] data) implements FileExtentItem {
        @Override
        public int type() {
            return TYPE_INLINE;
        }

        /** A copy of the stored (possibly compressed) bytes. */
        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Inline i && generation == i.generation && ramBytes == i.ramBytes
                    && compression == i.compression && encryption == i.encryption
                    && otherEncoding == i.otherEncoding && Arrays.equals(data, i.data);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(generation) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Inline[generation " + generation + ", ram " + ramBytes + ", " + compression + ", "
                    + data.length + " bytes]";
        }
    }

    /**
     * A regular or preallocated extent: file bytes [key.offset, key.offset + numBytes) are the
     * decoded extent's bytes [offset, offset + numBytes).
     *
     * @param prealloc     allocated but unwritten: reads as zeros
     * @param diskBytenr   logical address of the data extent; 0 for a hole
     * @param diskNumBytes on-disk (compressed) size of the whole data extent
     * @param offset       where in the decoded extent this file range starts
     * @param numBytes     length of the file range covered
     */
    record OnDisk(long generation, long ramBytes, Compression compression, int encryption, int otherEncoding,
            boolean prealloc, long diskBytenr, long diskNumBytes, long offset, long numBytes) implements FileExtentItem {
        @Override
        public int type() {
            return prealloc ? TYPE_PREALLOC : TYPE_REG;
        }

        /**
         * An explicit hole (filesystems without NO_HOLES); its ramBytes and offset are left over
         * and meaningless. With NO_HOLES a hole has no item at all.
         */
        public boolean isHole() {
            return !prealloc && diskBytenr == 0;
        }
    }

    /** Size of the fields before the inline data / the disk pointer. */
    int HEADER_SIZE = 21;
    /** Size of a regular or prealloc item. */
    int ON_DISK_SIZE = 53;

    static FileExtentItem decode(byte[] body) {
        Bodies.require(body, HEADER_SIZE, "EXTENT_DATA");
        ByteBuffer b = Bodies.le(body);
        long generation = b.getLong(0);
        long ramBytes = b.getLong(8);
        Compression compression = Compression.of(Byte.toUnsignedInt(b.get(16)));
        int encryption = Byte.toUnsignedInt(b.get(17));
        int otherEncoding = Short.toUnsignedInt(b.getShort(18));
        int type = Byte.toUnsignedInt(b.get(20));
        switch (type) {
            case TYPE_INLINE:
                return new Inline(generation, ramBytes, compression, encryption, otherEncoding,
                        Arrays.copyOfRange(body, HEADER_SIZE, body.length));
            case TYPE_REG:
            case TYPE_PREALLOC:
                Bodies.require(body, ON_DISK_SIZE, "EXTENT_DATA (regular)");
                return new OnDisk(generation, ramBytes, compression, encryption, otherEncoding, type == TYPE_PREALLOC,
                        b.getLong(21), b.getLong(29), b.getLong(37), b.getLong(45));
            default:
                throw new ItemFormatException("unknown file extent type " + type);
        }
    }
}
