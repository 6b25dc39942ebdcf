package dev.ferry.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Marks every failure of the output as an {@link OutputException}, so that a command can tell
 * "the reader of my output went away" from "my input is broken", which both arrive as
 * IOExceptions.
 */
final class CheckedOutput extends FilterOutputStream {

    /** The output failed; the cause is the original error. */
    static final class OutputException extends IOException {
        private static final long serialVersionUID = 1L;

        OutputException(IOException cause) {
            super(cause.getMessage(), cause);
        }

        /**
         * True for EPIPE: the JVM ignores SIGPIPE, so a closed pipe shows up as this IOException,
         * whose message is the C library's text for EPIPE. (Java exposes no errno; under a locale
         * that translates that text, a closed pipe is reported as an ordinary output error.)
         */
        boolean isClosedPipe() {
            return "Broken pipe".equals(getCause().getMessage());
        }
    }

    CheckedOutput(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new OutputException(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw new OutputException(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw new OutputException(e);
        }
    }
}
