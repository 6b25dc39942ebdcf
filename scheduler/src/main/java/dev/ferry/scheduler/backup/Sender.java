package dev.ferry.scheduler.backup;

import dev.ferry.scheduler.source.SnapshotSource;
import dev.ferry.scheduler.source.SourceSnapshot;
import dev.ferry.scheduler.target.Backup;
import dev.ferry.scheduler.target.Incoming;
import dev.ferry.scheduler.target.Series;
import dev.ferry.scheduler.target.StreamDescription;
import dev.ferry.scheduler.target.Target;
import dev.ferry.scheduler.target.TargetException;
import dev.ferry.scheduler.transfer.BufferedHandOff;
import dev.ferry.scheduler.transfer.TransferControls;
import dev.ferry.send.SendException;
import dev.ferry.stream.ResumeMismatchException;
import dev.ferry.stream.ResumeToken;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends one snapshot to one target: picks the parent, writes the zstd-framed stream from the
 * volume's {@link SnapshotSource} (ferry's sender here, or ferry on the source host in pull mode)
 * through the transfer controls (rate limit, buffer) into the target's {@link Incoming}, and
 * commits it, or aborts it on any failure so that the target keeps nothing that looks complete.
 */
final class Sender {
    /** Version 1: every btrfs receive, and every ferry, accepts it. */
    private static final int PROTOCOL = 1;

    private final RunOptions options;
    private final String volume;
    private final Series series;
    private final Target target;
    private final SnapshotSource source;

    Sender(RunOptions options, String volume, Series series, Target target, SnapshotSource source) {
        this.options = options;
        this.volume = volume;
        this.series = series;
        this.target = target;
        this.source = source;
    }

    Transfer transfer(SourceSnapshot snapshot, List<SourceSnapshot> snapshots, List<Backup> backups) {
        if (backups.stream().anyMatch(b -> b.complete() && b.sourceUuid().equals(snapshot.uuid()))) {
            options.log().accept(describe() + ": already holds " + snapshot.name());
            return new Transfer.UpToDate(snapshot.name());
        }
        ParentChoice common = ParentChoice.choose(snapshot, snapshots, backups);
        ParentChoice choice;
        try {
            choice = fitToTarget(common, backups);
        } catch (TargetException e) {
            return new Transfer.Failed(snapshot.name(), "sending " + snapshot.name() + ": " + e.getMessage());
        }
        Optional<String> parent = choice.parent().map(SourceSnapshot::name);
        List<String> clones = choice.cloneSources().stream().map(SourceSnapshot::name).toList();
        if (options.dryRun()) {
            return new Transfer.WouldSend(snapshot.name(), parent, clones);
        }
        if (choice.full() && !common.full()) {
            options.log().accept(describe() + ": the chain is at its max-chain, sending " + snapshot.name()
                    + " in full (a new chain)");
        } else if (choice.full()) {
            options.notices().accept(describe() + ": no snapshot in common, sending " + snapshot.name()
                    + " in full (seeding the target)");
        } else {
            options.log().accept(describe() + ": sending " + snapshot.name() + " incrementally from " + parent.get());
        }
        long started = System.nanoTime();
        try {
            Optional<ResumeToken> token = resumeToken(snapshot, choice);
            long bytes;
            try {
                bytes = send(snapshot, choice, token);
            } catch (ResumeMismatchException e) {
                options.log().accept(describe() + ": " + e.getMessage());
                token = Optional.empty();
                bytes = send(snapshot, choice, token); // the full stream replaces the partial
            }
            return new Transfer.Sent(snapshot.name(), parent, clones, bytes, Duration.ofNanos(System.nanoTime() - started),
                    token.isPresent());
        } catch (TargetException | SendException | IOException | RuntimeException e) {
            return new Transfer.Failed(snapshot.name(), "sending " + snapshot.name() + ": " + e.getMessage());
        }
    }

    /**
     * The choice narrowed to what the target can restore from: no clone sources for a target that
     * keeps streams, and a full send where the target's chain is long enough.
     */
    private ParentChoice fitToTarget(ParentChoice choice, List<Backup> backups) throws TargetException {
        if (choice.full()) {
            return choice;
        }
        UUID parentUuid = choice.parent().get().uuid();
        Optional<Backup> parentBackup = backups.stream()
                .filter(b -> b.complete() && b.sourceUuid().equals(parentUuid)).findFirst();
        if (parentBackup.isPresent() && !target.extendsChainOf(series, parentBackup.get())) {
            return new ParentChoice(Optional.empty(), List.of());
        }
        return target.acceptsCloneSources() ? choice : new ParentChoice(choice.parent(), List.of());
    }

    /**
     * The target's token for an interrupted receive of this very stream: the same snapshot and the
     * same parent (or none). Any other partial is replaced by the fresh send.
     */
    private Optional<ResumeToken> resumeToken(SourceSnapshot snapshot, ParentChoice choice) throws TargetException {
        Optional<ResumeToken> token = target.resumeToken(series, snapshot.name());
        Optional<ResumeToken.Parent> parent = choice.parent().map(p -> new ResumeToken.Parent(p.uuid(), p.ctransid()));
        Optional<ResumeToken> matching = token.filter(t -> t.uuid().equals(snapshot.uuid()) && t.ctransid() == snapshot.ctransid()
                && t.parent().equals(parent) && t.version() == PROTOCOL);
        if (token.isPresent() && matching.isEmpty()) {
            options.log().accept(describe() + ": the partial receive of " + snapshot.name() + " there is of another stream ("
                    + token.get() + "); sending afresh");
        }
        matching.ifPresent(t -> options.log().accept(describe() + ": resuming " + snapshot.name() + " at command " + t.index()));
        return matching;
    }

    private String describe() {
        return volume + " -> " + target.address();
    }

    private long send(SourceSnapshot snapshot, ParentChoice choice, Optional<ResumeToken> resumeFrom)
            throws TargetException, SendException, IOException {
        StreamDescription description = new StreamDescription(snapshot.name(), snapshot.uuid(), snapshot.ctransid(),
                snapshot.time(), choice.parent().map(SourceSnapshot::uuid));
        TransferListener progress = options.progress();
        progress.started(target.address().toString(), snapshot.name(), choice.full());
        TransferControls controls = options.transfer();
        long[] streamBytes = {0};
        try (Incoming incoming = target.receive(series, description)) {
            OutputStream wire = controls.limit(incoming.stream());
            BufferedHandOff buffer = controls.bufferBytes() > 0
                    ? new BufferedHandOff(wire, controls.bufferBytes(), snapshot.name()) : null;
            Counting counting = new Counting(buffer != null ? buffer : wire);
            try {
                source.send(snapshot, choice.parent(), choice.cloneSources(),
                        new SnapshotSource.StreamOptions(PROTOCOL, controls.level(), resumeFrom), counting, bytes -> {
                            streamBytes[0] = bytes;
                            progress.progress(bytes);
                        }, progress::estimated, notice -> options.log().accept(describe() + ": " + notice));
                counting.flush();
            } catch (SendException | IOException | RuntimeException e) {
                if (buffer != null) {
                    buffer.abort(e);
                }
                incoming.abort(e);
                throw e;
            }
            if (buffer != null) {
                drain(buffer, incoming);
            }
            incoming.commit();
            return counting.bytes;
        } finally {
            progress.finished(streamBytes[0]);
        }
    }

    /** Waits until the buffer has handed everything to the target; its failure aborts the backup. */
    private static void drain(BufferedHandOff buffer, Incoming incoming) throws IOException {
        try {
            buffer.close();
        } catch (IOException e) {
            incoming.abort(e);
            throw e;
        }
    }

    /**
     * Counts the compressed bytes that reach the target, for the report; closing only flushes,
     * for the target's commit closes.
     */
    private static final class Counting extends FilterOutputStream {
        long bytes;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytes += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
