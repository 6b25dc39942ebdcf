package dev.ferry.stream.testing;

import dev.ferry.stream.Command;
import dev.ferry.stream.ResumeToken;
import dev.ferry.stream.StreamDigest;
import dev.ferry.stream.StreamReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/** Resume tokens computed from a whole stream, as a receiver would have recorded them. */
public final class ResumeTokens {
    private ResumeTokens() {
    }

    /**
     * The token of a receiver that has applied the first {@code applied} commands of {@code stream}
     * (counting its SUBVOL or SNAPSHOT; at least 1): the stream's identity, and the digest of
     * those commands' crcs.
     */
    public static ResumeToken after(byte[] stream, long applied) throws IOException {
        try (StreamReader reader = StreamReader.open(new ByteArrayInputStream(stream))) {
            Command start = reader.next();
            long digest = StreamDigest.fold(StreamDigest.EMPTY, reader.commandCrc());
            for (long i = 1; i < applied; i++) {
                reader.next();
                digest = StreamDigest.fold(digest, reader.commandCrc());
            }
            return ResumeToken.of(start, reader.version(), applied, digest);
        }
    }
}
