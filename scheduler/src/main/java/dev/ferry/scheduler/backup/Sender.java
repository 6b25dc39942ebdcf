package dev.ferry.scheduler.backup;

import dev.ferry.scheduler.source.SourceSnapshot;
import dev.ferry.scheduler.target.Backup;
import dev.ferry.scheduler.target.Incoming;
import dev.ferry.scheduler.target.Series;
import dev.ferry.scheduler.target.StreamDescription;
import dev.ferry.scheduler.target.Target;
import dev.ferry.scheduler.target.TargetException;
import dev.ferry.send.SendException;
import dev.ferry.send.SendRequest;
import dev.ferry.send.SendSession;
import dev.ferry.stream.ResumeMismatchException;
import dev.ferry.stream.ResumeToken;
import dev.ferry.stream.StreamWriter;
import dev.ferry.stream.WriterOptions;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends one snapshot to one target: picks the parent, writes the zstd-framed stream from
 * {@link SendSession} into the target's {@link Incoming}, and commits it, or aborts it on any
 * failure so that the target keeps nothing that looks complete.
 */
final class Sender {
    /** Version 1: every btrfs receive, and every ferry, accepts it. */
    private static final int PROTOCOL = 1;

    private final RunOptions options;
    private final String volume;
    private final Series series;
    private final Target target;

    Sender(RunOptions options, String volume, Series series, Target target) {
        this.options = options;
        this.volume = volume;
        this.series = series;
        this.target = target;
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
        SendRequest request = new SendRequest(snapshot.path(), choice.parent().map(SourceSnapshot::path),
                choice.cloneSources().stream().map(SourceSnapshot::path).toList(), PROTOCOL);
        TransferListener progress = options.progress();
        progress.started(target.address().toString(), snapshot.name(), choice.full());
        StreamWriter writer = null;
        try (Incoming incoming = target.receive(series, description)) {
            Counting counting = new Counting(incoming.stream());
            WriterOptions zstd = WriterOptions.zstd(PROTOCOL);
            try (StreamWriter w = resumeFrom.isPresent() ? StreamWriter.resume(counting, zstd, resumeFrom.get())
                    : StreamWriter.open(counting, zstd)) {
                writer = w;
                SendSession.send(request, command -> {
                    w.write(command);
                    progress.progress(w.bytesWritten());
                }, notice -> options.log().accept(describe() + ": " + notice),
                        estimate -> progress.estimated(estimate.bytes()));
            } catch (SendException | IOException | RuntimeException e) {
                incoming.abort(e);
                throw e;
            }
            incoming.commit();
            return counting.bytes;
        } finally {
            progress.finished(writer == null ? 0 : writer.bytesWritten());
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
