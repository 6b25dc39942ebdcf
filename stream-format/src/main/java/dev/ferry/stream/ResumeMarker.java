package dev.ferry.stream;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The command that says a stream is resumed: it follows the SUBVOL or SNAPSHOT of a resumed
 * subvolume, carries the {@link ResumeToken} as its payload (ASCII), and the next command is the
 * token's INDEX. Its number is one the protocol does not define, so btrfs-progs skips it (and
 * then fails on the missing prefix, which is right: only ferry can resume). It is not part of the
 * original stream, so it is left out of the digest.
 */
public final class ResumeMarker {
    /** "FR", far above any command number the kernel defines. */
    public static final int NUMBER = 0x4652;

    private ResumeMarker() {
    }

    public static Command.Unknown of(ResumeToken token) {
        byte[] text = token.format().getBytes(StandardCharsets.US_ASCII);
        return new Command.Unknown(NUMBER, ByteString.wrap(text, 0, text.length));
    }

    /** The token if {@code command} is a resume marker. */
    public static Optional<ResumeToken> token(Command command) {
        if (command instanceof Command.Unknown u && u.number() == NUMBER) {
            return Optional.of(ResumeToken.parse(new String(u.payload().toByteArray(), StandardCharsets.US_ASCII)));
        }
        return Optional.empty();
    }
}
