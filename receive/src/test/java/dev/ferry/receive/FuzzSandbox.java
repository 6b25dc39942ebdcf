package dev.ferry.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.btrfs.testing.scenario.Volume;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the receiver fuzz targets receive: a scratch root on tmpfs when {@code /dev/shm} is there
 * (the receiver's syncfs then costs nothing), holding a directory {@code outside} with a canary and
 * the destination two levels down, at {@code a/b/dest}, so that the symlinks of the seeds
 * ({@code ../../../outside}) point at the canary. {@link #checkAndReset()} asserts that everything
 * outside the destination is as it was, then empties the destination for the next input.
 */
final class FuzzSandbox implements AutoCloseable {
    static final String OUTSIDE_FROM_DEST = "../../../outside";

    private final Path scratch;
    private final Path dest;
    private final Map<String, String> outsideBefore;

    FuzzSandbox() throws IOException {
        Path shm = Path.of("/dev/shm");
        scratch = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "ferry-fuzz-")
                : Files.createTempDirectory("ferry-fuzz-");
        Path outside = Files.createDirectory(scratch.resolve("outside"));
        Files.writeString(outside.resolve("canary"), "canary");
        dest = Files.createDirectories(scratch.resolve("a/b")).resolve("dest");
        outsideBefore = outsideDest();
        // A finding ends a fuzzing JVM without @AfterAll: do not leave the scratch root in /dev/shm then.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                close();
            } catch (IOException ignored) {
                // best effort at exit
            }
        }));
    }

    /**
     * The receiver wraps whatever stops it in a {@link ReceiveException}, unchecked exceptions too,
     * so that a caller sees one kind of failure; for the fuzzer an unchecked cause is a bug (a null,
     * an index out of bounds, a state the code did not expect) and so a finding.
     */
    static void requireNoBugInside(ReceiveException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RuntimeException || cause instanceof Error) {
                throw new AssertionError("a bug reported as a failed receive: " + e.getMessage(), cause);
            }
        }
    }

    Path dest() {
        return dest;
    }

    /** Fails if anything outside the destination changed; then removes the destination and its state file. */
    void checkAndReset() throws IOException {
        assertEquals(outsideBefore, outsideDest(), "something changed outside the destination");
        clear(dest);
        Files.deleteIfExists(dest.resolveSibling(".dest.ferry-state"));
    }

    @Override
    public void close() throws IOException {
        clear(scratch);
    }

    /** Every entry under the scratch root but the destination and its state file: type, size, mode, mtime, owner, links. */
    private Map<String, String> outsideDest() throws IOException {
        Map<String, String> entries = new TreeMap<>();
        Files.walkFileTree(scratch, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(dest)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                // The destination's parent changes with every receive (DEST and its state file come and go).
                entries.put(scratch.relativize(dir).toString(), dir.equals(dest.getParent()) ? "dest's parent" : describe(dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!file.equals(dest) && !file.equals(dest.resolveSibling(".dest.ferry-state"))) {
                    entries.put(scratch.relativize(file).toString(), describe(file));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        entries.put("outside/canary content", Files.readString(scratch.resolve("outside/canary")));
        return entries;
    }

    private static String describe(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,size,lastModifiedTime,uid,gid,nlink", LinkOption.NOFOLLOW_LINKS);
        return a.get("mode") + " " + a.get("size") + " " + a.get("lastModifiedTime") + " " + a.get("uid") + ":" + a.get("gid")
                + " " + a.get("nlink");
    }

    /** Deletes everything at and under {@code root}, never following a symlink. */
    private static void clear(Path root) throws IOException {
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            Volume.delete(root);
        }
    }
}
