package dev.ferry.btrfs.testing.tree;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string with value equality, shown as text when printable and as hex otherwise. */
public final class Bytes implements Comparable<Bytes> {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] bytes;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Bytes of(byte[] bytes) {
        return new Bytes(bytes.clone());
    }

    public byte[] toArray() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** Printable ASCII as a quoted string (escaping {@code \ " \n \t} and others as \xNN); else 0x-hex. */
    @Override
    public String toString() {
        int printable = 0;
        for (byte b : bytes) {
            if (b >= 0x20 && b < 0x7f) {
                printable++;
            }
        }
        if (bytes.length > 0 && printable < bytes.length * 3 / 4) {
            return "0x" + HexFormat.of().formatHex(bytes);
        }
        return '"' + escaped(bytes) + '"';
    }

    /** Bytes as text: printable ASCII stays, everything else becomes an escape, so any name prints on one line. */
    static String escaped(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            switch (b) {
                case '\\' -> s.append("\\\\");
                case '"' -> s.append("\\\"");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                default -> {
                    if (b >= 0x20 && b < 0x7f) {
                        s.append((char) b);
                    } else {
                        s.append(String.format("\\x%02x", b & 0xff));
                    }
                }
            }
        }
        return s.toString();
    }
}
