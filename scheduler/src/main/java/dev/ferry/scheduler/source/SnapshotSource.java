package dev.ferry.scheduler.source;

import dev.ferry.send.SendException;
import dev.ferry.stream.ResumeToken;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Where a volume's snapshots are taken, kept and sent from: this machine ({@link SnapshotStore})
 * or, in pull mode, a source host reached by ssh ({@link RemoteSnapshotStore}). The backup run,
 * the parent choice and the inventory are the same for both.
 */
public sealed interface SnapshotSource permits SnapshotStore, RemoteSnapshotStore {

    /** The volume's snapshots, oldest first. */
    List<SourceSnapshot> list() throws IOException;

    /** The name a snapshot taken at {@code time} would get. */
    String nextName(Instant time) throws IOException;

    /** Takes a read-only snapshot of the source named for {@code time}. */
    SourceSnapshot take(Instant time) throws IOException;

    void delete(SourceSnapshot snapshot) throws IOException;

    /**
     * Writes the zstd-framed send stream of {@code snapshot} into {@code out} (which it does not
     * close), incremental from {@code parent} when given.
     *
     * @param progress bytes of the stream so far; for a remote source, compressed bytes received
     * @param estimate the expected stream size, when the source can tell before sending
     */
    void send(SourceSnapshot snapshot, Optional<SourceSnapshot> parent, List<SourceSnapshot> cloneSources,
              StreamOptions options, OutputStream out, LongConsumer progress, LongConsumer estimate,
              Consumer<String> notices) throws IOException, SendException;

    /**
     * How the stream is written: protocol version, zstd level, and, to resume an interrupted
     * receive, the token it recorded (see {@link dev.ferry.stream.StreamWriter#resume}).
     */
    record StreamOptions(int protocol, int level, Optional<ResumeToken> resumeFrom) {
        public StreamOptions {
            java.util.Objects.requireNonNull(resumeFrom, "resumeFrom");
        }

        public StreamOptions(int protocol, int level) {
            this(protocol, level, Optional.empty());
        }
    }
}
