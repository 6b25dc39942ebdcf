package dev.ferry.receive;

import java.io.IOException;

/** Compressed data in an ENCODED_WRITE that does not decode. */
final class CorruptDataException extends IOException {
    private static final long serialVersionUID = 1L;

    CorruptDataException(String message) {
        super(message);
    }

    CorruptDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
