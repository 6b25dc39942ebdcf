package dev.ferry.archive;

import java.io.IOException;

/** An archive cannot do what was asked; the message is one line that says what and why. */
public final class ArchiveException extends IOException {
    private static final long serialVersionUID = 1L;

    public ArchiveException(String message) {
        super(message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
