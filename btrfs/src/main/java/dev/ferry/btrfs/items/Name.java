package dev.ferry.btrfs.items;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A file, xattr or subvolume name as btrfs stores it: raw bytes, not necessarily UTF-8.
 * Compared by content. {@link #toString()} decodes UTF-8 for display (invalid bytes become U+FFFD).
 */
public final class Name implements Comparable<Name> {
    private final byte[] bytes;

    private Name(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Takes a copy of {@code bytes}. */
    public static Name of(byte[] bytes) {
        return new Name(bytes.clone());
    }

    public static Name of(String text) {
        return new Name(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Wraps without copying; only for decoders that own the array. */
    static Name wrap(byte[] bytes) {
        return new Name(bytes);
    }

    /** A copy of the raw bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Name other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Name other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    /** The name decoded as UTF-8, for display. */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
