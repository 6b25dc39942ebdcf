package dev.ferry.send;

import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import java.io.IOException;

/**
 * Where planned commands go: a {@code StreamWriter}, or a list in tests.
 *
 * <p>The data of a WRITE read from a file is {@linkplain ByteString#isBorrowed() borrowed}: the
 * sender reads the next WRITE's data into the same array once {@link #accept} returns. Write it
 * out before returning, or keep {@link ByteString#retain()}.
 */
@FunctionalInterface
public interface CommandSink {
    void accept(Command command) throws IOException;
}
