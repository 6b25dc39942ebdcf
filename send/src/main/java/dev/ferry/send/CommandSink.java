package dev.ferry.send;

import dev.ferry.stream.Command;
import java.io.IOException;

/** Where planned commands go: a {@code StreamWriter}, or a list in tests. */
@FunctionalInterface
public interface CommandSink {
    void accept(Command command) throws IOException;
}
