package dev.ferry.send.diff;

import java.io.IOException;

/** Prints {@link PathChange}s, one line each. */
public interface DiffWriter {

    void write(PathChange change) throws IOException;

    /** Pushes out buffered lines; does not close the output. */
    void flush() throws IOException;

    /** Writes every change of {@code diff} and flushes. */
    default void writeAll(SnapshotDiff diff) throws IOException {
        for (PathChange change : diff.changes()) {
            write(change);
        }
        flush();
    }
}
