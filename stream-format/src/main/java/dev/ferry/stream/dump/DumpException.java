package dev.ferry.stream.dump;

import java.io.IOException;

/**
 * A well-formed command that a dumper cannot print, such as a time beyond the calendar's range.
 * btrfs-progs fails on such commands too.
 */
public final class DumpException extends IOException {
    private static final long serialVersionUID = 1L;

    public DumpException(long index, long offset, String reason, Throwable cause) {
        super("command " + index + " at byte " + offset + ": " + reason, cause);
    }
}
