package dev.ferry.btrfs;

import java.io.IOException;

/**
 * A relative path that {@link Beneath} refuses before asking the kernel: absolute, with an empty,
 * "." or ".." component, or with a NUL byte. Paths from a send stream are untrusted input, so
 * this is an I/O error of the input, not a programming error.
 */
public class UnsafePathException extends IOException {
    private static final long serialVersionUID = 1L;

    public UnsafePathException(String message) {
        super(message);
    }
}
