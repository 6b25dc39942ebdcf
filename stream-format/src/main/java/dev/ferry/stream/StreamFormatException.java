package dev.ferry.stream;

import java.io.IOException;

/**
 * A send stream that does not follow the format: bad magic, unsupported version, a crc mismatch,
 * a malformed attribute, a truncated command. It names where: the index of the command (0-based,
 * counted across concatenated streams; -1 for the stream header) and the byte offset of that
 * command's header in the uncompressed stream.
 */
public final class StreamFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long commandIndex;
    private final long offset;
    private final String reason;

    public StreamFormatException(long commandIndex, long offset, String reason) {
        this(commandIndex, offset, reason, null);
    }

    public StreamFormatException(long commandIndex, long offset, String reason, Throwable cause) {
        super(describe(commandIndex, offset, reason), cause);
        this.commandIndex = commandIndex;
        this.offset = offset;
        this.reason = reason;
    }

    private static String describe(long commandIndex, long offset, String reason) {
        String where = commandIndex < 0 ? "stream header" : "command " + commandIndex;
        return where + " at byte " + offset + ": " + reason;
    }

    /** 0-based index of the offending command, or -1 when the stream header is at fault. */
    public long commandIndex() {
        return commandIndex;
    }

    /** Byte offset, in the uncompressed stream, of the offending command (or header). */
    public long offset() {
        return offset;
    }

    /** What was wrong, without the location. */
    public String reason() {
        return reason;
    }
}
