package dev.ferry.archive;

import java.nio.file.Path;

/**
 * Something wrong with one file of an archive.
 *
 * @param file  the stream file or sidecar at fault
 * @param what  what is wrong with it, in a few words
 */
public record VerifyProblem(Path file, String what) {
    @Override
    public String toString() {
        return file + ": " + what;
    }
}
