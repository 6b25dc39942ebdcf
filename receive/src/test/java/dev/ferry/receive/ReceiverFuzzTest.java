package dev.ferry.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferry.stream.testing.FuzzStats;
import dev.ferry.stream.testing.StreamRepair;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of {@link Receiver} applying streams into a directory mirror on a real
 * file system (tmpfs when {@code /dev/shm} is there, so the receiver's syncfs costs nothing).
 * Whatever the bytes, a receive either succeeds or throws a {@link ReceiveException}; anything
 * else is a finding. After every input the test checks that nothing outside the destination
 * changed: the destination sits two levels below a scratch root that also holds a directory
 * {@code outside} with a canary, which relative symlinks in the seeds ({@code ../../../outside})
 * point at, and every entry of the scratch root outside the destination must be as it was.
 *
 * <p>Every command's crc is made right before the receive ({@link StreamRepair}), so mutations get
 * past the reader's crc check (which {@code StreamReaderFuzzTest} covers) into the receiver.
 */
class ReceiverFuzzTest {
    private static final FuzzStats STATS = new FuzzStats("Receiver");
    private static final ReceiveOptions OPTIONS = ReceiveOptions.defaults().withTargetKind(ReceiveOptions.TargetKind.DIRECTORY);

    private static Path scratch;
    private static Path dest;
    private static Map<String, String> outsideBefore;

    @BeforeAll
    static void makeScratch() throws IOException {
        Path shm = Path.of("/dev/shm");
        scratch = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "ferry-fuzz-")
                : Files.createTempDirectory("ferry-fuzz-");
        Path outside = Files.createDirectory(scratch.resolve("outside"));
        Files.writeString(outside.resolve("canary"), "canary");
        dest = Files.createDirectories(scratch.resolve("a/b")).resolve("dest");
        outsideBefore = outsideDest();
    }

    @FuzzTest(maxDuration = "20s")
    @DictionaryEntries({"../../../outside", "../", "/", "btrfs-stream\0", "canary", "dest", "\u0002\0\u0021\0"})
    void appliesOrRejectsAndNothingEscapes(byte[] input) throws IOException {
        STATS.input();
        try {
            ReceiveResult result = Receiver.receive(new ByteArrayInputStream(StreamRepair.withCrcsFixed(input)), dest, OPTIONS);
            STATS.accepted();
            for (long i = 0; i < result.commands(); i++) {
                STATS.step();
            }
        } catch (ReceiveException e) {
            STATS.rejected();
        }
        assertEquals(outsideBefore, outsideDest(), "something changed outside the destination");
        clear(dest);
        Files.deleteIfExists(dest.resolveSibling(".dest.ferry-state"));
    }

    @AfterAll
    static void report() throws IOException {
        STATS.report();
        if (scratch != null) {
            clear(scratch);
        }
    }

    /** Every entry under the scratch root but the destination and its state file: type, size, mode, mtime. */
    private static Map<String, String> outsideDest() throws IOException {
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
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
