package dev.ferry.receive;

import dev.ferry.btrfs.Errno;
import dev.ferry.btrfs.NativeException;
import java.io.IOException;

/**
 * A receive that failed, in one line that says where: the command's index and byte offset in the
 * stream, its type, its path, and why, e.g.
 * {@code command 57 (WRITE) at byte 1234567, path dir/f: ENOSPC (no space left on device)}.
 * The partial result has been dealt with (see {@link Receiver}) by the time this is thrown.
 */
public final class ReceiveException extends IOException {
    private static final long serialVersionUID = 1L;

    public ReceiveException(String message, Throwable cause) {
        super(message, cause);
    }

    public ReceiveException(String message) {
        super(message);
    }

    /** The reason part of a message: errno name and text for system call failures, else the message. */
    static String reason(Throwable e) {
        if (e instanceof NativeException n && n.errno() != Errno.UNKNOWN) {
            return n.errno().name() + " (" + n.errno().description() + ")";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** The errno of the failure, when a system call failed. */
    public Errno errno() {
        return getCause() instanceof NativeException n ? n.errno() : Errno.UNKNOWN;
    }
}
