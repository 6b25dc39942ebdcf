package dev.ferry.archive;

import dev.ferry.stream.ReaderOptions;
import dev.ferry.stream.StreamReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Checks backups without writing anything: each stream file's size and sha256 against its
 * sidecar, and the stream itself parsed to the end (every command's crc, and an END), with its
 * first command naming the snapshot and parent the sidecar claims. One pass per file: the sha256
 * is computed over the bytes as the parser reads them.
 */
public final class ArchiveVerifier {
    private ArchiveVerifier() {
    }

    /**
     * Every problem of every complete backup in the archive, each file read once: damaged or
     * missing stream files, and incremental backups whose parent is not there.
     */
    public static List<VerifyProblem> verifyAll(StreamArchive archive) throws IOException {
        List<VerifyProblem> problems = new ArrayList<>();
        List<ArchiveEntry> complete = archive.completeEntries();
        Set<UUID> present = new HashSet<>();
        complete.forEach(e -> present.add(e.uuid()));
        for (ArchiveEntry entry : complete) {
            if (!entry.full() && !present.contains(entry.parentUuid())) {
                problems.add(new VerifyProblem(archive.directory().resolve(entry.sidecarFile()),
                        "its parent " + entry.parentUuid() + " is not in the archive: it cannot be restored"));
            }
            verify(archive, entry).ifPresent(problems::add);
        }
        return problems;
    }

    /** Every problem of every file of {@code chain}; empty when the chain restores. */
    public static List<VerifyProblem> verify(StreamArchive archive, Chain chain) {
        List<VerifyProblem> problems = new ArrayList<>();
        for (ArchiveEntry entry : chain.entries()) {
            verify(archive, entry).ifPresent(problems::add);
        }
        return problems;
    }

    /** The first problem of one backup's stream file, if any. */
    public static Optional<VerifyProblem> verify(StreamArchive archive, ArchiveEntry entry) {
        Path file = archive.directory().resolve(entry.streamFile());
        try {
            String problem = check(file, entry);
            return problem == null ? Optional.empty() : Optional.of(new VerifyProblem(file, problem));
        } catch (NoSuchFileException e) {
            return Optional.of(new VerifyProblem(file, "missing (its sidecar " + entry.sidecarFile() + " is there)"));
        } catch (IOException e) {
            return Optional.of(new VerifyProblem(file, "cannot be read: " + e.getMessage()));
        }
    }

    private static String check(Path file, ArchiveEntry entry) throws IOException {
        long size = Files.size(file);
        if (size != entry.fileBytes()) {
            return "size is " + size + " bytes, the sidecar says " + entry.fileBytes();
        }
        MessageDigest sha256 = newSha256();
        String streamProblem;
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
            streamProblem = parse(new KeepOpen(in), entry);
            in.transferTo(OutputStream.nullOutputStream()); // the digest covers what the parser left
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(entry.sha256())) {
            // The checksum names the file as damaged even when the damage happens to parse.
            return "sha256 is " + actual + ", the sidecar says " + entry.sha256()
                    + (streamProblem == null ? "" : "; and " + streamProblem);
        }
        return streamProblem;
    }

    /** Reads the whole stream; returns what is wrong with it, or null. */
    private static String parse(InputStream in, ArchiveEntry entry) {
        try (StreamReader reader = StreamReader.open(in, ReaderOptions.DEFAULT.reusingBuffers())) {
            StreamIdentity identity = StreamIdentity.of(reader.next());
            String mismatch = mismatch(identity, entry);
            if (mismatch != null) {
                return mismatch;
            }
            // next() returns null only at a clean end, right after an END; anything else throws.
            while (reader.next() != null) {
                // each command's crc and shape is checked as it is read
            }
            return null;
        } catch (IOException e) {
            return "damaged stream: " + e.getMessage();
        }
    }

    private static String mismatch(StreamIdentity identity, ArchiveEntry entry) {
        if (!identity.uuid().equals(entry.uuid())) {
            return "the stream is snapshot " + identity.uuid() + ", the sidecar says " + entry.uuid();
        }
        if (!Objects.equals(identity.parentUuid().orElse(null), entry.parentUuid())) {
            return "the stream's parent is " + identity.parentUuid().map(Object::toString).orElse("none (full)")
                    + ", the sidecar says " + (entry.parentUuid() == null ? "none (full)" : entry.parentUuid());
        }
        return null;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Lets the reader close its input without closing the file, whose rest the digest still needs. */
    private static final class KeepOpen extends FilterInputStream {
        KeepOpen(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
