package dev.ferry.stream.dump;

import dev.ferry.stream.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * One line of dump output under construction, as bytes. Names in a stream are arbitrary bytes and
 * btrfs-progs prints some of them raw, so the text dump is built byte by byte, never through a
 * {@code String} and a charset. Reused from line to line; not thread-safe.
 */
final class LineBuffer {
    private byte[] bytes = new byte[256];
    private int length;

    LineBuffer clear() {
        length = 0;
        return this;
    }

    int length() {
        return length;
    }

    LineBuffer ascii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[length++] = (byte) text.charAt(i);
        }
        return this;
    }

    LineBuffer ascii(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    LineBuffer spaces(int count) {
        ensure(count);
        Arrays.fill(bytes, length, length + count, (byte) ' ');
        length += count;
        return this;
    }

    /** A u64 as printf {@code %llu}. */
    LineBuffer unsigned(long value) {
        return ascii(Long.toUnsignedString(value));
    }

    /** A u32 as printf {@code %u}. */
    LineBuffer unsigned(int value) {
        return ascii(Integer.toUnsignedString(value));
    }

    /** An int as printf {@code %d}. */
    LineBuffer signed(int value) {
        return ascii(Integer.toString(value));
    }

    LineBuffer octal(long value) {
        return ascii(Long.toOctalString(value));
    }

    LineBuffer hex(long value) {
        return ascii(Long.toHexString(value));
    }

    /**
     * The bytes as C's {@code printf("%s")} prints them: raw, up to the first NUL (progs keeps
     * strings NUL-terminated, so a NUL inside a value ends it).
     */
    LineBuffer raw(ByteString s) {
        return raw(s, s.size());
    }

    /** As {@code printf("%.*s", limit, s)}: raw, at most {@code limit} bytes, up to the first NUL. */
    LineBuffer raw(ByteString s, int limit) {
        int n = Math.min(cString(s), limit);
        ensure(n);
        s.substring(0, n).copyTo(bytes, length);
        length += n;
        return this;
    }

    /**
     * The bytes escaped as progs' {@code print_path_escaped} does: C escapes for the control
     * characters that have one, a backslash before space and backslash, three octal digits for
     * every other byte that is not printable ASCII (progs runs in the C locale, where no byte
     * above 0x7e is printable). Stops at the first NUL, like progs' {@code strlen}.
     *
     * @return the number of bytes appended, which progs uses to align the next column
     */
    int escaped(ByteString s) {
        int start = length;
        int n = cString(s);
        ensure(4 * n);
        for (int i = 0; i < n; i++) {
            escape(s.byteAt(i) & 0xff);
        }
        return length - start;
    }

    private void escape(int b) {
        char named = switch (b) {
            case 0x07 -> 'a';
            case 0x08 -> 'b';
            case 0x1b -> 'e';
            case 0x0c -> 'f';
            case 0x0a -> 'n';
            case 0x0d -> 'r';
            case 0x09 -> 't';
            case 0x0b -> 'v';
            case ' ' -> ' ';
            case '\\' -> '\\';
            default -> 0;
        };
        if (named != 0) {
            bytes[length++] = '\\';
            bytes[length++] = (byte) named;
        } else if (b < 0x20 || b > 0x7e) {
            bytes[length++] = '\\';
            bytes[length++] = (byte) ('0' + (b >> 6));
            bytes[length++] = (byte) ('0' + ((b >> 3) & 7));
            bytes[length++] = (byte) ('0' + (b & 7));
        } else {
            bytes[length++] = (byte) b;
        }
    }

    LineBuffer newline() {
        return ascii('\n');
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }

    /** The length of {@code s} as a C string: up to, not including, the first NUL. */
    static int cString(ByteString s) {
        int nul = s.indexOf((byte) 0, 0);
        return nul < 0 ? s.size() : nul;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
