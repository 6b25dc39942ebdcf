package dev.ferry.send;

/** A send that cannot be done, with a message fit for one line on stderr. */
public class SendException extends Exception {
    private static final long serialVersionUID = 1L;

    public SendException(String message) {
        super(message);
    }

    public SendException(String message, Throwable cause) {
        super(message, cause);
    }
}
