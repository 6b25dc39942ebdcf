package dev.ferry.receive;

import dev.ferry.btrfs.Errno;
import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.FileStat;
import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.Posix;
import dev.ferry.stream.ResumeToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A plain directory (on any file system) that mirrors one snapshot: a full stream fills it, an
 * incremental stream changes it in place. Which snapshot it holds, and whether that is complete, is
 * recorded in a {@link MirrorStateFile} beside it: marked incomplete before the first change and
 * complete after the last, so a failed or interrupted receive never looks complete and no
 * incremental stream is applied on top of it.
 */
final class DirectoryTarget implements Target {
    private final Path mirror;
    private final Fd parentDir;
    private final byte[] mirrorName;
    private final MirrorStateFile stateFile;
    private final byte[] logName;
    private final Path logPath;
    private final ReceiveListener listener;

    private DirectoryTarget(Path mirror, Fd parentDir, ReceiveListener listener) {
        this.mirror = mirror;
        this.parentDir = parentDir;
        this.mirrorName = mirror.getFileName().toString().getBytes(StandardCharsets.UTF_8);
        this.stateFile = new MirrorStateFile(parentDir, mirror);
        this.logName = ("." + mirror.getFileName() + ".ferry-resume").getBytes(StandardCharsets.UTF_8);
        this.logPath = mirror.resolveSibling("." + mirror.getFileName() + ".ferry-resume");
        this.listener = listener;
    }

    static DirectoryTarget open(Path dest, ReceiveListener listener) throws IOException {
        Path mirror = dest.toAbsolutePath().normalize();
        Path parent = mirror.getParent();
        if (parent == null) {
            throw new IOException("cannot use " + mirror + " as a mirror directory: it has no parent to keep the state file in");
        }
        try {
            return new DirectoryTarget(mirror, Fd.openDirectory(parent), listener);
        } catch (NativeException e) {
            throw new IOException("cannot open " + parent + ", the directory that holds the mirror: " + ReceiveException.reason(e), e);
        }
    }

    @Override
    public boolean holdsOneSnapshot() {
        return true;
    }

    /** What is at the mirror's path now. */
    private enum Contents { ABSENT, EMPTY, NOT_EMPTY }

    @Override
    public void check(SubvolumeStart start, Earlier earlier) throws IOException {
        SubvolumeNames.checked(start.name());
        Optional<MirrorState> state = stateFile.read();
        Contents contents = contents();
        if (start.parent().isEmpty()) {
            checkFull(start, state, contents);
        } else {
            checkIncremental(start.parent().get(), state, contents);
        }
    }

    private void checkFull(SubvolumeStart start, Optional<MirrorState> state, Contents contents) throws IOException {
        if (state.isEmpty()) {
            if (contents == Contents.NOT_EMPTY) {
                throw new IOException(mirror + " is not empty and is no ferry mirror (no " + stateFile.path()
                        + "): a full stream needs a new or empty directory");
            }
            return;
        }
        MirrorState s = state.get();
        if (s.complete()) {
            throw new IOException(mirror + " already holds snapshot " + s.uuid() + " (" + s.name()
                    + "): a full stream needs a new or empty directory");
        }
        if (!s.uuid().equals(start.uuid().toString())) {
            throw new IOException(mirror + " holds an incomplete receive of snapshot " + s.uuid() + " (" + s.name()
                    + "), not of " + start.uuid() + ": re-send " + s.name() + " in full, or remove " + mirror
                    + " and " + stateFile.path() + " to start over");
        }
    }

    private void checkIncremental(SubvolumeStart.Parent parent, Optional<MirrorState> state, Contents contents)
            throws IOException {
        if (state.isEmpty() || contents == Contents.ABSENT) {
            throw new IOException("cannot find parent snapshot " + parent.uuid() + ": " + mirror
                    + " holds no ferry mirror (no " + stateFile.path() + "); receive a full stream first");
        }
        MirrorState s = state.get();
        if (!s.complete()) {
            throw new IOException("cannot apply an incremental stream: " + mirror + " holds an incomplete receive of "
                    + s.uuid() + " (" + s.name() + "), left by a receive that failed or was interrupted; "
                    + "re-send a snapshot in full (btrfs send without -p) to recover");
        }
        if (!s.uuid().equals(parent.uuid().toString())) {
            throw new IOException("cannot find parent snapshot " + parent.uuid() + ": " + mirror + " holds snapshot "
                    + s.uuid() + " (" + s.name() + ")");
        }
        if (s.ctransid() != parent.ctransid()) {
            throw new IOException("parent snapshot " + parent.uuid() + " in " + mirror + " was received at transid "
                    + s.ctransid() + ", but the stream's parent is at transid " + parent.ctransid());
        }
    }

    @Override
    public void checkCloneSource(SubvolumeStart current, UUID uuid, Earlier earlier) throws IOException {
        boolean own = uuid.equals(current.uuid()) || current.parent().map(p -> p.uuid().equals(uuid)).orElse(false);
        if (!own) {
            throw otherCloneSource(uuid);
        }
    }

    private static IOException otherCloneSource(UUID uuid) {
        return new IOException("clone source " + uuid + " is another subvolume, which a directory mirror does not have; "
                + "receive this stream onto btrfs");
    }

    @Override
    public Tree begin(SubvolumeStart start) throws IOException {
        check(start, Earlier.NONE);
        Contents contents = contents();
        Optional<String> parent = start.parent().map(p -> p.uuid().toString());
        MirrorState state = new MirrorState(start.uuid().toString(), start.ctransid(), start.displayName(),
                parent.orElse(null), false, Instant.now().toString());
        ResumeLog.remove(parentDir, logName);
        stateFile.write(state); // before the first change: from here on the mirror is incomplete
        if (contents == Contents.ABSENT) {
            Posix.mkdirat(parentDir, mirrorName, 0700);
        }
        Fd root = Posix.openat(parentDir, mirrorName, Posix.O_RDONLY | Posix.O_DIRECTORY, 0);
        if (start.parent().isEmpty() && contents == Contents.NOT_EMPTY) {
            listener.detail("clearing " + mirror + ", left by an incomplete receive of the same snapshot");
            try {
                TreeEraser.clearContents(root);
            } catch (IOException | RuntimeException e) {
                root.close();
                throw e;
            }
        }
        try {
            // Only a full stream can be resumed: an incremental one changes the parent in place and
            // keeps its old bytes in memory and an anonymous file, which a killed receive loses.
            Optional<ResumeLog> log = start.incremental() ? Optional.empty()
                    : Optional.of(ResumeLog.create(parentDir, logName, logPath));
            return new DirectoryTree(start, state, root, log);
        } catch (IOException | RuntimeException e) {
            root.close();
            throw e;
        }
    }

    @Override
    public Resumed resume(SubvolumeStart start, ResumeToken token) throws IOException {
        SubvolumeNames.checked(start.name());
        if (start.incremental()) {
            throw new IOException("cannot resume an incremental stream into the mirror " + mirror
                    + ": only full streams are resumed there; send it again");
        }
        Optional<MirrorState> state = stateFile.read();
        if (state.isEmpty() || state.get().complete() || !state.get().uuid().equals(start.uuid().toString())) {
            throw new IOException("cannot resume " + start.displayName() + " into " + mirror
                    + ": it holds no incomplete receive of " + start.uuid() + "; send it in full");
        }
        ResumeLog.requireIdle(logPath);
        String problem;
        Optional<ResumeRecord> record;
        try {
            record = ResumeLog.read(parentDir, logName);
            problem = ResumeRecord.problemResuming(record, token).orElse(null);
        } catch (IOException e) {
            record = Optional.empty();
            problem = "its resume record is unreadable: " + ReceiveException.reason(e);
        }
        if (problem != null) {
            ResumeLog.remove(parentDir, logName); // the mirror stays marked incomplete; a full stream clears it
            throw new IOException("cannot resume the mirror " + mirror + ": " + problem + "; send it in full");
        }
        Fd root = Posix.openat(parentDir, mirrorName, Posix.O_RDONLY | Posix.O_DIRECTORY, 0);
        try {
            ResumeLog log = ResumeLog.reopen(parentDir, logName, logPath, record.get());
            listener.detail("resuming the mirror " + mirror + " at command " + token.index());
            return new Resumed(new DirectoryTree(start, state.get(), root, Optional.of(log)), record.get());
        } catch (IOException | RuntimeException e) {
            root.close();
            throw e;
        }
    }

    @Override
    public Optional<PartialReceive> partial(String name) throws IOException {
        Optional<MirrorState> state = stateFile.read();
        if (state.isEmpty() || state.get().complete()) {
            return Optional.empty();
        }
        if (!ResumeLog.awaitIdle(logPath, ResumeLog.LIST_WAIT_MILLIS)) {
            return Optional.of(new PartialReceive(state.get().name(), mirror, Optional.empty(), "a receive into it is still running"));
        }
        try {
            Optional<ResumeRecord> record = ResumeLog.read(parentDir, logName);
            if (record.isEmpty()) {
                return Optional.of(new PartialReceive(state.get().name(), mirror, Optional.empty(), "no resume record"));
            }
            Optional<String> refusal = record.get().refusal();
            return Optional.of(new PartialReceive(state.get().name(), mirror,
                    refusal.isPresent() ? Optional.empty() : Optional.of(record.get().token()), refusal.orElse("resumable")));
        } catch (IOException e) {
            return Optional.of(new PartialReceive(state.get().name(), mirror, Optional.empty(),
                    "unreadable resume record: " + ReceiveException.reason(e)));
        }
    }

    private Contents contents() throws IOException {
        FileStat stat;
        try {
            stat = Posix.lstatat(parentDir, mirrorName);
        } catch (NativeException e) {
            if (e.errno() == Errno.ENOENT) {
                return Contents.ABSENT;
            }
            throw e;
        }
        if (!stat.isDirectory()) {
            throw new IOException(mirror + " is not a directory");
        }
        try (Fd dir = Posix.openat(parentDir, mirrorName, Posix.O_RDONLY | Posix.O_DIRECTORY, 0)) {
            return Posix.listNames(dir).isEmpty() ? Contents.EMPTY : Contents.NOT_EMPTY;
        }
    }

    @Override
    public void close() throws NativeException {
        parentDir.close();
    }

    /** The mirror directory being changed. */
    private final class DirectoryTree implements Tree {
        private final SubvolumeStart start;
        private final MirrorState state;
        private final Fd root;
        private final Optional<ResumeLog> log;

        DirectoryTree(SubvolumeStart start, MirrorState state, Fd root, Optional<ResumeLog> log) {
            this.start = start;
            this.state = state;
            this.root = root;
            this.log = log;
        }

        @Override
        public Optional<ResumeLog> resumeLog() {
            return log;
        }

        private void dropLog() throws NativeException {
            if (log.isPresent()) {
                log.get().close();
                ResumeLog.remove(parentDir, logName);
            }
        }

        @Override
        public String suspend() {
            try {
                root.close();
                dropLogDescriptor();
            } catch (NativeException ignored) {
                // the descriptors are gone either way
            }
            return "kept the partial mirror " + mirror + log.map(l -> " to resume from " + l.last().token()).orElse("");
        }

        private void dropLogDescriptor() throws NativeException {
            if (log.isPresent()) {
                log.get().close();
            }
        }

        @Override
        public Fd root() {
            return root;
        }

        @Override
        public SubvolumeStart start() {
            return start;
        }

        @Override
        public Path finalPath() {
            return mirror;
        }

        @Override
        public CloneSource cloneSource(UUID uuid) throws IOException {
            if (uuid.equals(start.uuid())) {
                return new CloneSource(root, false);
            }
            if (start.parent().isPresent() && start.parent().get().uuid().equals(uuid)) {
                return new CloneSource(root, true);
            }
            throw otherCloneSource(uuid);
        }

        @Override
        public boolean acceptsEncodedWrites() {
            return false;
        }

        /** Created beside the mirror and unlinked at once: it vanishes with the receive, however that ends. */
        @Override
        public Fd scratchFile() throws IOException {
            byte[] name = ("." + mirror.getFileName() + ".ferry-scratch").getBytes(StandardCharsets.UTF_8);
            try {
                Posix.unlinkat(parentDir, name); // left by a receive killed between create and unlink
            } catch (NativeException e) {
                if (e.errno() != Errno.ENOENT) {
                    throw e;
                }
            }
            Fd fd = Posix.openat(parentDir, name, Posix.O_RDWR | Posix.O_CREAT | Posix.O_EXCL, 0600);
            Posix.unlinkat(parentDir, name);
            return fd;
        }

        /** Everything on disk first (syncfs), then the state says complete. */
        @Override
        public void complete() throws IOException {
            dropLog(); // first: a mirror being sealed is never resumed
            try (root) {
                Posix.syncfs(root);
            }
            stateFile.write(state.completed(Instant.now().toString()));
        }

        @Override
        public void abandon() {
            try {
                root.close();
                dropLog();
            } catch (NativeException ignored) {
                // the state file still says incomplete, which is what matters
            }
        }
    }
}
