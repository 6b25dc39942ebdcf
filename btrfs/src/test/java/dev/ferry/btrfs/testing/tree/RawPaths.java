package dev.ferry.btrfs.testing.tree;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Converts between {@link Path} and the exact bytes of a file name, whatever the JVM's file-name
 * encoding ({@code sun.jnu.encoding}) is. Under {@code LANG=C} the JVM cannot even encode "é" in a
 * path built from a String, and under UTF-8 it cannot build a name holding invalid UTF-8.
 *
 * <p>The trick is public API: a Unix {@code Path} keeps its raw bytes, {@link Path#toUri()}
 * percent-encodes exactly those bytes, and {@link Path#of(URI)} decodes percent escapes back into
 * raw bytes. Nothing here depends on the locale.
 */
public final class RawPaths {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RawPaths() {
    }

    /** The raw bytes of an absolute path. */
    public static byte[] bytes(Path absolute) {
        if (!absolute.isAbsolute()) {
            throw new IllegalArgumentException("not absolute: " + absolute);
        }
        String raw = absolute.toUri().getRawPath();
        byte[] bytes = percentDecode(raw);
        // toUri() appends "/" to directories; a file name never ends in one.
        int end = bytes.length;
        while (end > 1 && bytes[end - 1] == '/') {
            end--;
        }
        return Arrays.copyOf(bytes, end);
    }

    /** The path whose bytes are exactly {@code absolute}. */
    public static Path of(byte[] absolute) {
        if (absolute.length == 0 || absolute[0] != '/') {
            throw new IllegalArgumentException("not an absolute path: " + new String(absolute, StandardCharsets.ISO_8859_1));
        }
        StringBuilder uri = new StringBuilder("file://");
        for (byte b : absolute) {
            if (b == 0) {
                throw new IllegalArgumentException("NUL in a path");
            }
            if (b == '/' || isUnreserved(b)) {
                uri.append((char) b);
            } else {
                uri.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        return Path.of(URI.create(uri.toString()));
    }

    /** {@code base} joined with the relative name {@code relative} (may be empty: then base itself). */
    public static Path resolve(Path base, byte[] relative) {
        if (relative.length == 0) {
            return base;
        }
        byte[] baseBytes = bytes(base);
        byte[] joined = Arrays.copyOf(baseBytes, baseBytes.length + 1 + relative.length);
        joined[baseBytes.length] = '/';
        System.arraycopy(relative, 0, joined, baseBytes.length + 1, relative.length);
        return of(joined);
    }

    /** {@code base} joined with {@code relative} encoded as UTF-8, independent of the JVM's locale. */
    public static Path resolve(Path base, String relative) {
        return resolve(base, relative.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isUnreserved(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || b == '-' || b == '.' || b == '_' || b == '~';
    }

    private static byte[] percentDecode(String raw) {
        byte[] out = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                out[n++] = (byte) Integer.parseInt(raw.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
