package dev.ferry.stream;

import java.io.IOException;

/**
 * A stream regenerated to resume from a {@link ResumeToken} is not the stream the token was taken
 * from: another subvolume, another version, or a prefix with another digest. Nothing after the
 * stream header and the SUBVOL/SNAPSHOT has been written when it is thrown; the caller should
 * send in full instead.
 */
public final class ResumeMismatchException extends IOException {
    public ResumeMismatchException(String message) {
        super(message);
    }
}
