package dev.ferry.receive;

import dev.ferry.btrfs.NativeException;
import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import dev.ferry.stream.StreamFormatException;
import dev.ferry.stream.StreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
                session.abandon();
                throw e;
            } catch (IOException | RuntimeException e) {
                session.abandon();
                if (e instanceof NativeException) {
                    options.listener().detail("failed call: " + e.getMessage()); // the system call and full path, for -v
                }
                throw progress.failure(e);
            }
            return new ReceiveResult(progress.received, reader.commandIndex() + 1, reader.bytesRead());
        } catch (ReceiveException e) {
            throw e;
        } catch (IOException e) {
            throw new ReceiveException(ReceiveException.reason(e), e);
        }
    }

    private static StreamReader open(InputStream in) throws ReceiveException {
        try {
            return StreamReader.open(in);
        } catch (IOException e) {
            throw new ReceiveException(ReceiveException.reason(e), e);
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
            return new ReceiveException("command " + reader.commandIndex() + " (" + command.type() + ") at byte "
                    + reader.commandOffset() + ", path " + describePath(command) + ": " + ReceiveException.reason(e), e);
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

        Session(Target target) {
            this.target = target;
        }

        abstract boolean open();

        abstract void begin(SubvolumeStart start) throws IOException;

        abstract void apply(Command.OnPath command) throws IOException;

        abstract ReceivedSubvolume finish() throws IOException;

        abstract void abandon();

        void run(StreamReader reader, Progress progress) throws IOException {
            Command command = reader.next();
            while (command != null) {
                progress.command = command;
                if (command instanceof Command.Subvol || command instanceof Command.Snapshot) {
                    if (open()) {
                        if (target.holdsOneSnapshot()) {
                            throw severalSubvolumes();
                        }
                        finish(progress); // send -e: the next subvolume ends the previous one
                    }
                    SubvolumeStart start = command instanceof Command.Subvol s ? SubvolumeStart.of(s)
                            : SubvolumeStart.of((Command.Snapshot) command);
                    begin(start);
                    options.listener().subvolumeStarted(start);
                } else if (command instanceof Command.End) {
                    if (options.stopAtFirstEnd()) {
                        finish(progress);
                        return;
                    }
                    if (target.holdsOneSnapshot() && open()) {
                        // A mirror holds one snapshot: only finish once nothing else follows.
                        Command next = reader.next();
                        if (next instanceof Command.Subvol || next instanceof Command.Snapshot) {
                            progress.command = next;
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
                    apply(onPath);
                } else {
                    warnings.once("unknown", "skipping unknown command numbers (first: " + ((Command.Unknown) command).number()
                            + " at byte " + reader.commandOffset() + ")");
                }
                command = reader.next();
            }
            finish(progress);
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

    /** Applies the stream. */
    private final class ApplyingSession extends Session {
        private Tree tree;
        private TreeWriter writer;

        ApplyingSession(Target target) {
            super(target);
        }

        @Override
        boolean open() {
            return tree != null;
        }

        @Override
        void begin(SubvolumeStart start) throws IOException {
            tree = target.begin(start);
            writer = new TreeWriter(tree, options, warnings);
        }

        @Override
        void apply(Command.OnPath command) throws IOException {
            writer.apply(command);
        }

        @Override
        ReceivedSubvolume finish() throws IOException {
            writer.finish();
            tree.complete();
            ReceivedSubvolume done = new ReceivedSubvolume(tree.start(), tree.finalPath());
            tree = null;
            writer = null;
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
        void begin(SubvolumeStart start) throws IOException {
            target.check(start, receivedHere::contains);
            current = start;
        }

        @Override
        void apply(Command.OnPath command) throws IOException {
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
