package dev.ferry.stream.dump;

import dev.ferry.stream.Command;
import java.io.Flushable;
import java.io.IOException;

/**
 * Turns the commands of a send stream, in stream order, into human- or machine-readable output.
 * Implementations buffer as they like; {@link #flush()} pushes out everything dumped so far.
 */
public interface StreamDumper extends Flushable {

    /**
     * Dumps one command.
     *
     * @param index  0-based position of the command, counted across concatenated streams
     * @param offset byte offset of the command's header in the uncompressed input
     */
    void dump(long index, long offset, Command command) throws IOException;
}
