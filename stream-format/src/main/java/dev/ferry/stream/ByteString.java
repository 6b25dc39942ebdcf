package dev.ferry.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A run of bytes: a path, a name, an xattr value or a block of file data. Immutable, except the
 * {@linkplain #isBorrowed() borrowed} ones a reader in {@link ReaderOptions#reuseBuffers()} mode
 * hands out.
 *
 * <p>Names in a send stream are bytes, not text: any byte but NUL and '/' may appear, and they
 * need not be UTF-8. Keeping them as bytes end to end is what lets a tree with arbitrary names
 * survive a round trip. The reader hands out slices of the command payload it just read, so no
 * byte is copied twice; nothing ever writes to a slice once it is published, except to a borrowed
 * one, whose array the reader recycles for the next command.
 */
public final class ByteString implements Comparable<ByteString> {
    public static final ByteString EMPTY = new ByteString(new byte[0], 0, 0);

    private final byte[] array;
    private final int offset;
    private final int length;
    /** A view of a buffer its owner will overwrite: see {@link #isBorrowed()}. */
    private final boolean borrowed;
    /** Cached {@link #hashCode()}, 0 until computed; never cached for borrowed bytes. */
    private int hash;

    private ByteString(byte[] array, int offset, int length) {
        this(array, offset, length, false);
    }

    private ByteString(byte[] array, int offset, int length, boolean borrowed) {
        this.array = array;
        this.offset = offset;
        this.length = length;
        this.borrowed = borrowed;
    }

    /** A copy of {@code bytes}. */
    public static ByteString of(byte... bytes) {
        return new ByteString(bytes.clone(), 0, bytes.length);
    }

    /** A copy of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static ByteString copyOf(byte[] bytes, int offset, int length) {
        return new ByteString(Arrays.copyOfRange(bytes, offset, Math.addExact(offset, length)), 0, length);
    }

    /** The UTF-8 encoding of {@code text}. */
    public static ByteString utf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new ByteString(bytes, 0, bytes.length);
    }

    /**
     * Wraps {@code bytes} without copying. The caller hands over the array and must never
     * change it again; only code that has just filled a fresh array may use this.
     */
    public static ByteString wrap(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return new ByteString(bytes, offset, length);
    }

    /**
     * A view of {@code bytes} that their owner will overwrite, a reader or a sender reusing its
     * buffer: see {@link #isBorrowed()}.
     */
    public static ByteString borrow(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return new ByteString(bytes, offset, length, true);
    }

    /**
     * True when these bytes are borrowed from a {@link StreamReader} that reuses its buffer
     * ({@link ReaderOptions#reuseBuffers()}): they are valid only until that reader's next
     * {@link StreamReader#next()} or {@link StreamReader#close()}, and then silently change. (A
     * sender lends the data of its WRITEs the same way, until its sink returns.) Use
     * them at once, or keep {@link #retain()}; never keep a borrowed ByteString itself, e.g. as a
     * map key. Substrings of borrowed bytes are borrowed too.
     */
    public boolean isBorrowed() {
        return borrowed;
    }

    /** These bytes to keep: an immutable copy of borrowed bytes, {@code this} otherwise. */
    public ByteString retain() {
        return borrowed ? copyOf(array, offset, length) : this;
    }

    public int size() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    public byte byteAt(int index) {
        Objects.checkIndex(index, length);
        return array[offset + index];
    }

    /** The bytes from {@code begin} (inclusive) to {@code end} (exclusive), sharing storage. */
    public ByteString substring(int begin, int end) {
        Objects.checkFromToIndex(begin, end, length);
        return new ByteString(array, offset + begin, end - begin, borrowed);
    }

    /** Index of the first {@code b} at or after {@code from}, or -1. */
    public int indexOf(byte b, int from) {
        for (int i = Math.max(from, 0); i < length; i++) {
            if (array[offset + i] == b) {
                return i;
            }
        }
        return -1;
    }

    public byte[] toByteArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /** A read-only view; position 0, limit {@link #size()}. */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer();
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(array, offset, length);
    }

    public void copyTo(ByteBuffer target) {
        target.put(array, offset, length);
    }

    /** Copies into {@code target} at {@code targetOffset}. */
    public void copyTo(byte[] target, int targetOffset) {
        System.arraycopy(array, offset, target, targetOffset, length);
    }

    /** Feeds these bytes to {@code crc} in place, without a copy. */
    void updateCrc(BtrfsCrc32c crc) {
        crc.update(array, offset, length);
    }

    /** True when the bytes are well-formed UTF-8. */
    public boolean isUtf8() {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(array, offset, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The bytes decoded as UTF-8, malformed sequences replaced: for people, not for paths. */
    public String utf8() {
        return new String(array, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteString other
                && Arrays.equals(array, offset, offset + length, other.array, other.offset, other.offset + other.length);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0 && length > 0) {
            h = 1;
            for (int i = offset; i < offset + length; i++) {
                h = 31 * h + array[i];
            }
            if (!borrowed) { // borrowed bytes will change: a cached hash would go stale
                hash = h;
            }
        }
        return h;
    }

    /** Unsigned lexicographic order, the order btrfs-progs and the kernel compare names in. */
    @Override
    public int compareTo(ByteString other) {
        return Arrays.compareUnsigned(array, offset, offset + length, other.array, other.offset, other.offset + other.length);
    }

    /** Printable form for messages: UTF-8 where valid, other bytes as \xNN. Short data is shown whole. */
    @Override
    public String toString() {
        if (length > 256) {
            return "[" + length + " bytes]";
        }
        if (isUtf8()) {
            return utf8();
        }
        StringBuilder sb = new StringBuilder(length + 16);
        for (int i = offset; i < offset + length; i++) {
            int b = array[i] & 0xff;
            if (b >= 0x20 && b < 0x7f) {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        return sb.toString();
    }
}
