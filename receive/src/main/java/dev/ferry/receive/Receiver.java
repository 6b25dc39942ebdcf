package dev.ferry.receive;

import dev.ferry.btrfs.NativeException;
import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import dev.ferry.stream.ReaderOptions;
import dev.ferry.stream.ResumeMarker;
import dev.ferry.stream.ResumeToken;
import dev.ferry.stream.StreamDigest;
import dev.ferry.stream.StreamFormatException;
import dev.ferry.stream.StreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Receives a Btrfs send stream (raw or zstd-framed) into a destination: {@code btrfs receive}
 * for a directory on btrfs, or a directory mirror on any file system (see {@link ReceiveOptions}).
 *
 * <p>Each subvolume is started by SUBVOL or SNAPSHOT and finished by the next one, by END or by the
 * end of the input; several per stream are fine on btrfs (concatenated streams and {@code send -e}).
 * A subvolume looks complete only once it is: on btrfs it is filled under a temporary name and
 * renamed when read-only and marked received; a mirror's state file says incomplete until the end.
 * Any failure gives the partial subvolume up ({@link Tree#abandon()}) and is thrown as a
 * {@link ReceiveException} naming the command, its byte offset and its path.
 */
public final class Receiver {
    private final Path dest;
    private final ReceiveOptions options;

    private Receiver(Path dest, ReceiveOptions options) {
        this.dest = dest;
        this.options = options;
    }

    /** Reads {@code in} to its end (or its first END with {@link ReceiveOptions#stopAtFirstEnd()}) and applies it to {@code dest}. */
    public static ReceiveResult receive(InputStream in, Path dest, ReceiveOptions options) throws ReceiveException {
        return new Receiver(dest, options).run(in);
    }

    private ReceiveResult run(InputStream in) throws ReceiveException {
        Progress progress = new Progress();
        try (StreamReader reader = open(in); Target target = openTarget()) {
            progress.reader = reader;
            Session session = options.dryRun() ? new CheckingSession(target) : new ApplyingSession(target);
            try {
                session.run(reader, progress);
            } catch (ReceiveException e) {
                throw withNote(e, session.giveUp());
            } catch (IOException | RuntimeException e) {
                Optional<String> kept = session.giveUp();
                if (e instanceof NativeException) {
                    options.listener().detail("failed call: " + e.getMessage()); // the system call and full path, for -v
                }
                throw withNote(progress.failure(e), kept);
            }
            return new ReceiveResult(progress.received, reader.commandIndex() + 1, reader.bytesRead());
        } catch (ReceiveException e) {
            throw e;
        } catch (IOException e) {
            throw new ReceiveException(ReceiveException.reason(e), e);
        }
    }

    /** The failure, saying what was kept for a resumed receive if anything was. */
    private static ReceiveException withNote(ReceiveException e, Optional<String> kept) {
        return kept.isEmpty() ? e : new ReceiveException(e.getMessage() + "; " + kept.get(), e.getCause());
    }

    /**
     * The reader reuses one payload array for all commands: a receiver is done with each command
     * before it reads the next, and whatever it keeps (a path as a cache key, the subvolume's
     * name) it keeps as {@link ByteString#retain()}. That saves allocating and zeroing an array
     * per command, up to 48 KiB for every WRITE.
     */
    private static StreamReader open(InputStream in) throws ReceiveException {
        try {
            return StreamReader.open(in, ReaderOptions.DEFAULT.reusingBuffers());
        } catch (IOException e) {
            throw new ReceiveException(ReceiveException.reason(e), e);
        }
    }

    /**
     * The interrupted receive that a stream for subvolume {@code name} would resume in {@code dest}
     * (a directory on btrfs, or a mirror's path), if one was left there; its token, if it can be
     * resumed, says where the sender must continue.
     */
    public static Optional<PartialReceive> partial(Path dest, String name, ReceiveOptions options) throws ReceiveException {
        try (Target target = new Receiver(dest, options).openTarget()) {
            return target.partial(name);
        } catch (ReceiveException e) {
            throw e;
        } catch (IOException e) {
            throw new ReceiveException(dest + ": " + ReceiveException.reason(e), e);
        }
    }

    private Target openTarget() throws ReceiveException {
        try {
            return Target.open(dest, options);
        } catch (IOException e) {
            throw new ReceiveException(dest + ": " + ReceiveException.reason(e), e);
        }
    }

    /** Where in the stream a receive is, for messages. */
    private static final class Progress {
        StreamReader reader;
        Command command;
        long index = -1;
        long offset = -1;
        /** The path of {@link #command} as text, when it had to be taken before its bytes were reused; else null. */
        String pinnedPath;
        /** True once the reader went on past {@link #command}: its borrowed paths show other bytes now. */
        boolean readPast;
        String finishing;
        final List<ReceivedSubvolume> received = new ArrayList<>();

        ReceiveException failure(Throwable e) {
            if (e instanceof StreamFormatException) {
                return new ReceiveException(e.getMessage(), e); // it names its command and offset itself
            }
            if (finishing != null) {
                return new ReceiveException("finishing subvolume " + finishing + ": " + ReceiveException.reason(e), e);
            }
            if (command == null) {
                return new ReceiveException(ReceiveException.reason(e), e);
            }
            String path = pinnedPath != null ? pinnedPath : readPast ? null : describePath(command);
            return new ReceiveException("command " + index + " (" + command.type() + ") at byte " + offset
                    + (path == null ? "" : ", path " + path) + ": " + ReceiveException.reason(e), e);
        }

        /** The command being worked on, and where it was read. */
        void at(Command c, long commandIndex, long commandOffset) {
            command = c;
            index = commandIndex;
            offset = commandOffset;
            pinnedPath = null;
            readPast = false;
        }

        /** As {@link #at(Command, long, long)} for a command whose path is described now, while its bytes are valid. */
        void atPinned(Command c, long commandIndex, long commandOffset, String path) {
            at(c, commandIndex, commandOffset);
            pinnedPath = path;
        }

        /** The command the reader returned last. */
        void at(Command c) {
            at(c, reader.commandIndex(), reader.commandOffset());
        }
    }

    /** PATH, with the second path of the commands that have one. */
    static String describePath(Command command) {
        if (command instanceof Command.Rename r) {
            return r.path() + " -> " + r.to();
        }
        if (command instanceof Command.Link l) {
            return l.path() + " (link to " + l.target() + ")";
        }
        if (command instanceof Command.Clone c) {
            return c.path() + " (clone of " + c.clonePath() + " in " + c.cloneUuid() + ")";
        }
        if (command instanceof Command.OnPath p) {
            return p.path().toString();
        }
        return "-";
    }

    /** The command loop, shared by applying and checking. */
    private abstract class Session {
        final Target target;
        final Warnings warnings = new Warnings(options.listener());
        StreamReader reader;
        Progress progress;
        /** True while waiting for the input: a failure then is the input's (it ended, broke or was cut). */
        private boolean reading;

        Session(Target target) {
            this.target = target;
        }

        abstract boolean open();

        abstract void begin(SubvolumeStart start, ResumeToken startedAt) throws IOException;

        abstract void resume(SubvolumeStart start, ResumeToken token) throws IOException;

        abstract void apply(Command.OnPath command, int crc) throws IOException;

        /** A command of the subvolume that changes nothing (an unknown number): it still counts for resuming. */
        abstract void skip(int crc) throws IOException;

        abstract ReceivedSubvolume finish() throws IOException;

        abstract void abandon();

        /** Keeps the partial subvolume for a resumed receive if it can be, saying what it kept; empty if it cannot. */
        abstract Optional<String> suspend();

        /**
         * After a failure: an input that failed leaves a resumable partial for later (if the options
         * say so); anything else abandons it. Returns what was kept.
         */
        Optional<String> giveUp() {
            Optional<String> kept = reading && options.keepInterrupted() ? suspend() : Optional.empty();
            if (kept.isEmpty()) {
                abandon();
            }
            return kept;
        }

        private Command read() throws IOException {
            reading = true;
            progress.readPast = true; // the next read overwrites the borrowed bytes of the current command
            Command command = reader.next();
            reading = false;
            return command;
        }

        void run(StreamReader streamReader, Progress progress) throws IOException {
            reader = streamReader;
            this.progress = progress;
            Command command = read();
            while (command != null) {
                progress.at(command);
                if (command instanceof Command.Subvol || command instanceof Command.Snapshot) {
                    if (open()) {
                        if (target.holdsOneSnapshot()) {
                            throw severalSubvolumes();
                        }
                        finish(progress); // send -e: the next subvolume ends the previous one
                    }
                    command = start(command, progress);
                    continue;
                } else if (command instanceof Command.End) {
                    if (options.stopAtFirstEnd()) {
                        finish(progress);
                        return;
                    }
                    if (target.holdsOneSnapshot() && open()) {
                        // A mirror holds one snapshot: only finish once nothing else follows.
                        Command next = read();
                        if (next instanceof Command.Subvol || next instanceof Command.Snapshot) {
                            progress.at(next);
                            throw severalSubvolumes();
                        }
                        finish(progress);
                        command = next;
                        continue;
                    }
                    finish(progress);
                } else if (command instanceof Command.OnPath onPath) {
                    if (!open()) {
                        throw new IOException("command before the first SUBVOL or SNAPSHOT");
                    }
                    apply(onPath, reader.commandCrc());
                } else {
                    int number = ((Command.Unknown) command).number();
                    if (number == ResumeMarker.NUMBER) {
                        throw new IOException("a resume marker must follow SUBVOL or SNAPSHOT directly");
                    }
                    warnings.once("unknown", "skipping unknown command numbers (first: " + number
                            + " at byte " + reader.commandOffset() + ")");
                    if (open()) {
                        skip(reader.commandCrc());
                    }
                }
                command = read();
            }
            finish(progress);
        }

        /**
         * Begins the subvolume {@code command} starts, or resumes it when a resume marker follows;
         * returns the command to go on with.
         */
        private Command start(Command command, Progress progress) throws IOException {
            SubvolumeStart start = command instanceof Command.Subvol s ? SubvolumeStart.of(s)
                    : SubvolumeStart.of((Command.Snapshot) command);
            ResumeToken startedAt = ResumeToken.of(command, reader.version(), 1,
                    StreamDigest.fold(StreamDigest.EMPTY, reader.commandCrc()));
            long index = reader.commandIndex();
            long offset = reader.commandOffset();
            String path = describePath(command); // before the next read reuses its bytes
            Command next = read(); // a resume marker, or the first command of the subvolume
            progress.atPinned(command, index, offset, path); // failures to begin are the start command's
            Optional<ResumeToken> token;
            try {
                token = next == null ? Optional.empty() : ResumeMarker.token(next);
            } catch (IllegalArgumentException e) {
                throw new IOException("bad resume marker: " + e.getMessage());
            }
            if (token.isEmpty()) {
                begin(start, startedAt);
                options.listener().subvolumeStarted(start);
                return next;
            }
            if (!token.get().sameSubvolume(command) || token.get().version() != reader.version()) {
                progress.at(next, index + 1, reader.commandOffset());
                throw new IOException("the resume marker's token " + token.get() + " is not for this subvolume and stream version");
            }
            resume(start, token.get());
            options.listener().subvolumeStarted(start);
            return read();
        }

        private void finish(Progress progress) throws IOException {
            if (!open()) {
                return;
            }
            ReceivedSubvolume done = finish();
            progress.received.add(done);
            options.listener().subvolumeFinished(done);
        }

        private IOException severalSubvolumes() {
            return new IOException("this stream carries several subvolumes; a directory mirror holds one snapshot "
                    + "(send them one at a time, or receive onto btrfs)");
        }
    }

    /**
     * Applies the stream, and records how far it safely got for a resumed receive (see
     * {@link ReplayRule} and the package documentation).
     */
    private final class ApplyingSession extends Session {
        /** A record at least every so many commands or stream bytes, to bound what a resume replays. */
        private static final long RECORD_EVERY_COMMANDS = 1024;
        private static final long RECORD_EVERY_BYTES = 16L << 20;

        private Tree tree;
        private TreeWriter writer;
        /** Where to record; null when the tree cannot be resumed or stopped being resumable. */
        private ResumeLog log;
        /** The prefix applied so far: the token a resume from here would carry. */
        private ResumeToken applied;
        /** The first command of a resumed stream, which may have been applied just before the interruption. */
        private boolean inDoubt;
        /**
         * The name the command just applied created (MKFILE or MKDIR) when the record is from just
         * before it: a RENAME of that name needs no record of its own. Null otherwise.
         */
        private ByteString justCreated;
        /**
         * A resumed receive's first command, a create whose name is gone: it ran together with the
         * RENAME after it, or not at all, which that RENAME tells. Applied (or not) then.
         */
        private Command.OnPath createInDoubt;
        /**
         * A MKFILE or MKDIR of an orphan name, counted as applied but held back until the next
         * command: if that renames it, the two become one create under the final name
         * ({@link TreeWriter#createMoved}); otherwise it is applied before that command. Null otherwise.
         */
        private Command.OnPath heldCreate;
        private long heldIndex;
        private long heldOffset;
        private long recordedIndex;
        private long recordedAtByte;

        ApplyingSession(Target target) {
            super(target);
        }

        @Override
        boolean open() {
            return tree != null;
        }

        @Override
        void begin(SubvolumeStart start, ResumeToken startedAt) throws IOException {
            tree = target.begin(start);
            writer = new TreeWriter(tree, options, warnings);
            applied = startedAt;
            log = tree.resumeLog().orElse(null);
            inDoubt = false;
            justCreated = null;
            createInDoubt = null;
            heldCreate = null;
            if (log != null) {
                log.write(new ResumeRecord(applied, BootId.current(), true, writer.rootTimes(), writer.rootAtStart()));
                markRecorded();
            }
        }

        @Override
        void resume(SubvolumeStart start, ResumeToken token) throws IOException {
            Target.Resumed resumed = target.resume(start, token);
            tree = resumed.tree();
            writer = new TreeWriter(tree, options, warnings, Optional.of(resumed.record()));
            applied = token;
            log = tree.resumeLog().orElseThrow();
            inDoubt = true;
            justCreated = null;
            createInDoubt = null;
            heldCreate = null;
            markRecorded();
        }

        @Override
        void apply(Command.OnPath command, int crc) throws IOException {
            if (heldCreate != null && command instanceof Command.Rename r && r.path().equals(heldCreate.path())) {
                Command.OnPath create = heldCreate;
                heldCreate = null;
                writer.createMoved(create, r); // the record is from just before the create, as for the pair
                advance(crc);
                justCreated = null;
                if (log != null && recordDue()) {
                    record();
                }
                return;
            }
            applyHeldCreate();
            ReplayRule rule = ReplayRule.of(command.type());
            boolean done = false;
            if (createInDoubt != null) {
                done = settleCreateInDoubt(command);
            } else if (inDoubt) {
                inDoubt = false;
                done = rule == ReplayRule.NAMESPACE && writer.alreadyApplied(command);
                if (!done && isPairedCreate(command)) {
                    createInDoubt = retained(command); // the next command tells whether it ran
                    advance(crc);
                    return;
                }
            }
            if (log != null && rule == ReplayRule.NAMESPACE && !renamesJustCreated(command)) {
                record(); // before: a resume never replays the commands before it over the changed names
            } else if (log != null && rule == ReplayRule.UNRECORDABLE) {
                log.write(log.last().unresumable());
                log = null;
            }
            if (!done && TreeWriter.isOrphanCreate(command)) {
                StreamPaths.check(command.path()); // a bad name is this command's failure, not the next one's
                heldCreate = retained(command);
                heldIndex = reader.commandIndex();
                heldOffset = reader.commandOffset();
            } else if (!done) {
                writer.apply(command);
            }
            advance(crc);
            justCreated = log != null && isPairedCreate(command) && recordedIndex == applied.index() - 1
                    ? command.path().retain() : null;
            if (log != null && heldCreate == null && (rule == ReplayRule.CLONE || recordDue())) {
                record(); // after a CLONE: it is replayed only while its source is as it was
            }
        }

        /**
         * MKFILE and MKDIR, which the kernel sends for every new file and directory, under an
         * orphan name that the next command renames to its place: such a pair shares one record.
         */
        private static boolean isPairedCreate(Command.OnPath command) {
            return command instanceof Command.MkFile || command instanceof Command.MkDir;
        }

        /** Applies the held create, if any, as the command it is (failures name it): no RENAME of its name came next. */
        private void applyHeldCreate() throws IOException {
            if (heldCreate == null) {
                return;
            }
            Command.OnPath create = heldCreate;
            heldCreate = null;
            try {
                writer.apply(create);
            } catch (IOException | RuntimeException e) {
                progress.atPinned(create, heldIndex, heldOffset, create.path().toString());
                throw e;
            }
        }

        private static Command.OnPath retained(Command.OnPath create) {
            return create instanceof Command.MkFile f ? new Command.MkFile(f.path().retain(), f.ino())
                    : new Command.MkDir(create.path().retain(), ((Command.MkDir) create).ino());
        }

        /** A RENAME of the name the command before it created, with the record from just before that create. */
        private boolean renamesJustCreated(Command.OnPath command) {
            return justCreated != null && command instanceof Command.Rename r && r.path().equals(justCreated);
        }

        /**
         * The create in doubt, with the command after it in hand: if that is the RENAME of its name
         * and the destination exists, both ran before the interruption (a valid stream renames only
         * onto a free name: the kernel moves an occupant away first), so both are done; otherwise
         * neither ran, and the create is applied now. Returns whether {@code next} is done.
         */
        private boolean settleCreateInDoubt(Command.OnPath next) throws IOException {
            Command.OnPath create = createInDoubt;
            createInDoubt = null;
            if (next instanceof Command.Rename r && r.path().equals(create.path()) && writer.alreadyMovedIntoPlace(r)) {
                return true;
            }
            writer.apply(create);
            justCreated = create.path(); // the record is still from just before it
            return false;
        }

        /**
         * Applies a create that waits for the command after it when no such command comes (the end,
         * an unknown command, a suspended receive): one in doubt had not run, and a held one has not.
         */
        private void applyWaitingCreate() throws IOException {
            if (createInDoubt != null) {
                Command.OnPath create = createInDoubt;
                createInDoubt = null;
                writer.apply(create);
            }
            applyHeldCreate();
        }

        @Override
        void skip(int crc) throws IOException {
            applyWaitingCreate();
            justCreated = null;
            advance(crc);
        }

        private void advance(int crc) {
            applied = applied.at(applied.index() + 1, StreamDigest.fold(applied.digest(), crc));
        }

        private boolean recordDue() {
            return applied.index() - recordedIndex >= RECORD_EVERY_COMMANDS || reader.bytesRead() - recordedAtByte >= RECORD_EVERY_BYTES;
        }

        private void record() throws IOException {
            if (applied.index() != recordedIndex) {
                log.write(log.last().withToken(applied, writer.rootTimes()));
                markRecorded();
            }
        }

        private void markRecorded() {
            recordedIndex = applied.index();
            recordedAtByte = reader.bytesRead();
        }

        @Override
        ReceivedSubvolume finish() throws IOException {
            applyWaitingCreate();
            writer.finish();
            tree.complete();
            ReceivedSubvolume done = new ReceivedSubvolume(tree.start(), tree.finalPath());
            tree = null;
            writer = null;
            log = null;
            return done;
        }

        @Override
        void abandon() {
            if (writer != null) {
                writer.closeQuietly();
            }
            if (tree != null) {
                tree.abandon();
            }
            tree = null;
            writer = null;
            log = null;
        }

        /** Everything read so far has been applied (the input failed between commands): record that and keep the tree. */
        @Override
        Optional<String> suspend() {
            if (tree == null || log == null) {
                return Optional.empty();
            }
            try {
                applyWaitingCreate(); // the record says it is applied
                record();
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
            writer.closeQuietly();
            String kept = tree.suspend();
            tree = null;
            writer = null;
            log = null;
            return Optional.of(kept);
        }
    }

    /** Reads and checks everything, changes nothing: --dry-run. */
    private final class CheckingSession extends Session {
        private final Set<UUID> receivedHere = new HashSet<>();
        private SubvolumeStart current;

        CheckingSession(Target target) {
            super(target);
        }

        @Override
        boolean open() {
            return current != null;
        }

        @Override
        void begin(SubvolumeStart start, ResumeToken startedAt) throws IOException {
            target.check(start, receivedHere::contains);
            current = start;
        }

        @Override
        void resume(SubvolumeStart start, ResumeToken token) throws IOException {
            throw new IOException("--dry-run does not check resumed streams (this one resumes from " + token + ")");
        }

        @Override
        void skip(int crc) {
        }

        @Override
        Optional<String> suspend() {
            return Optional.empty();
        }

        @Override
        void apply(Command.OnPath command, int crc) throws IOException {
            for (ByteString path : StreamPaths.of(command)) {
                StreamPaths.check(path);
            }
            if (command instanceof Command.MkNod n) {
                TreeWriter.checkDevice(n, options.noDevices());
            }
            if (command instanceof Command.Clone c) {
                target.checkCloneSource(current, c.cloneUuid(), receivedHere::contains);
            }
        }

        @Override
        ReceivedSubvolume finish() {
            receivedHere.add(current.uuid());
            ReceivedSubvolume done = new ReceivedSubvolume(current, dest.resolve(current.displayName()));
            current = null;
            return done;
        }

        @Override
        void abandon() {
            current = null;
        }
    }
}
