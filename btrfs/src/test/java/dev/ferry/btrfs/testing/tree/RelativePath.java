package dev.ferry.btrfs.testing.tree;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A path relative to a tree's root, as the exact bytes of its name components joined by '/'.
 * The root itself is the empty path. Ordered bytewise (unsigned), so a directory sorts before
 * everything inside it.
 */
public final class RelativePath implements Comparable<RelativePath> {
    public static final RelativePath ROOT = new RelativePath(new byte[0]);

    private final byte[] bytes;

    private RelativePath(byte[] bytes) {
        this.bytes = bytes;
    }

    public static RelativePath of(byte[] bytes) {
        return bytes.length == 0 ? ROOT : new RelativePath(bytes.clone());
    }

    /** A path given as text, encoded as UTF-8. */
    public static RelativePath of(String path) {
        return of(path.getBytes(StandardCharsets.UTF_8));
    }

    /** This path extended by one name component. */
    public RelativePath child(byte[] name) {
        if (bytes.length == 0) {
            return of(name);
        }
        byte[] joined = Arrays.copyOf(bytes, bytes.length + 1 + name.length);
        joined[bytes.length] = '/';
        System.arraycopy(name, 0, joined, bytes.length + 1, name.length);
        return new RelativePath(joined);
    }

    /** The parent path; the root's parent is the root. */
    public RelativePath parent() {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '/') {
                return new RelativePath(Arrays.copyOf(bytes, i));
            }
        }
        return ROOT;
    }

    public boolean isRoot() {
        return bytes.length == 0;
    }

    /** This path under {@code root}, byte-exact. */
    public Path under(Path root) {
        return RawPaths.resolve(root, bytes);
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RelativePath other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(RelativePath o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** Printable on one line: "." for the root, other bytes escaped as in {@link Bytes}. */
    @Override
    public String toString() {
        return bytes.length == 0 ? "." : Bytes.escaped(bytes);
    }
}
