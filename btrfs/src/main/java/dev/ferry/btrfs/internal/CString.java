package dev.ferry.btrfs.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/** NUL-terminated byte strings for libc. */
public final class CString {
    private CString() {
    }

    /** The path's bytes as the JVM encodes file names (UTF-8 here), NUL-terminated. */
    public static byte[] of(Path path) {
        return of(path.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code bytes} with a NUL appended; rejects an embedded NUL, which libc would silently cut at. */
    public static byte[] of(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                throw new IllegalArgumentException("NUL byte in a name: " + new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return Arrays.copyOf(bytes, bytes.length + 1);
    }
}
