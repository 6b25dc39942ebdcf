package dev.ferry.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

/**
 * A backup being written into a {@link StreamArchive}. Write the send stream (as sent: zstd-framed
 * by default) to {@link #output()}, then {@link #commit()}; or {@link #abandon()} it. Until the
 * commit the stream lives under a dot name that no listing shows, and the sidecar says incomplete.
 *
 * <p>The commit makes it durable in the order that keeps every crash point safe: stream fsynced,
 * stream renamed to its final name, directory fsynced, and only then the sidecar rewritten as
 * complete (itself through a temporary file). A sidecar that says complete therefore always
 * describes a whole stream file.
 */
public final class PendingStreamFile implements AutoCloseable {
    private final StreamArchive archive;
    private final ExpectedStream expected;
    private final ArchiveEntry started;
    private final Path partial;
    private final FileChannel channel;
    private final MessageDigest sha256;
    private final CountingOutputStream output;
    private final Clock clock;
    private boolean finished;

    PendingStreamFile(StreamArchive archive, ExpectedStream expected, ArchiveEntry started, Path partial, Clock clock)
            throws IOException {
        this.archive = archive;
        this.expected = expected;
        this.started = started;
        this.partial = partial;
        this.clock = clock;
        this.sha256 = newSha256();
        this.channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        this.output = new CountingOutputStream(new DigestOutputStream(Channels.newOutputStream(channel), sha256));
    }

    /** Where the send stream goes. Closing it is harmless; {@link #commit()} closes it anyway. */
    public OutputStream output() {
        return output;
    }

    /** The entry as it stands: incomplete. */
    public ArchiveEntry entry() {
        return started;
    }

    /** {@link #commit(Long)} without the uncompressed size. */
    public ArchiveEntry commit() throws IOException {
        return commit(null);
    }

    /**
     * Makes the backup durable and visible as complete.
     *
     * @param streamBytes the uncompressed stream size when the writer knows it, else null
     * @throws ArchiveException when the stream does not start like a send stream, is not the
     *                          expected one, or its snapshot is already in the archive; the
     *                          backup is then abandoned
     */
    public ArchiveEntry commit(Long streamBytes) throws IOException {
        requireOpen();
        try {
            output.flush();
            channel.force(true);
            channel.close();
            StreamIdentity identity = identify();
            requireExpected(identity);
            archive.requireNew(identity, started);
            Path stream = archive.directory().resolve(started.streamFile());
            DurableFiles.renameDurably(partial, stream);
            ArchiveEntry complete = started.completed(identity, output.count(), streamBytes,
                    HexFormat.of().formatHex(sha256.digest()), clock.instant());
            archive.writeSidecar(complete);
            finished = true;
            return complete;
        } catch (IOException | RuntimeException e) {
            abandon();
            throw e;
        }
    }

    private void requireExpected(StreamIdentity identity) throws ArchiveException {
        String mismatch = expected.mismatch(identity);
        if (mismatch != null) {
            throw new ArchiveException("the backup of " + started.snapshot() + " was refused: " + mismatch);
        }
    }

    private StreamIdentity identify() throws ArchiveException {
        try (InputStream in = Files.newInputStream(partial)) {
            return StreamIdentity.read(in);
        } catch (IOException e) {
            throw new ArchiveException("the backup of " + started.snapshot() + " is not a send stream: " + e.getMessage(), e);
        }
    }

    /** Removes everything this backup wrote. Safe to call more than once, and after a commit (then it does nothing). */
    public void abandon() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing only to delete
        }
        archive.discard(started, partial);
    }

    /** Abandons the backup unless it was committed: try-with-resources cleans up after a failed send. */
    @Override
    public void close() {
        abandon();
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("the backup of " + started.snapshot() + " was already committed or abandoned");
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Counts what passes, so the sidecar knows the file's size without another stat. */
    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush(); // the channel stays open until commit forces it
        }

        long count() {
            return count;
        }
    }
}
