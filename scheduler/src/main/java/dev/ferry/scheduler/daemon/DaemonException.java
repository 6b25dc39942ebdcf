package dev.ferry.scheduler.daemon;

/** The daemon cannot start: its state directory, the database, the metrics address... The message says which. */
public final class DaemonException extends Exception {
    private static final long serialVersionUID = 1L;

    public DaemonException(String message, Throwable cause) {
        super(message, cause);
    }
}
