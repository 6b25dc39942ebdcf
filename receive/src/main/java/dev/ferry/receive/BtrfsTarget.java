package dev.ferry.receive;

import dev.ferry.btrfs.Errno;
import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.FileStat;
import dev.ferry.btrfs.Filesystem;
import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.Posix;
import dev.ferry.btrfs.ReceivedFrom;
import dev.ferry.btrfs.SubvolumeIndex;
import dev.ferry.btrfs.SubvolumeInfo;
import dev.ferry.btrfs.Subvolumes;
import dev.ferry.stream.ResumeToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A directory on btrfs that receives subvolumes, with {@code btrfs receive}'s semantics: SUBVOL
 * creates a subvolume, SNAPSHOT snapshots the parent found through the UUID tree, and a finished
 * subvolume carries received_uuid/stransid and is read-only.
 *
 * <p>A subvolume is filled under {@code .ferry-partial.<name>} and renamed to its name only once it
 * is read-only and marked received, so no crash or error leaves anything that looks complete under
 * the final name. (Renaming a read-only subvolume changes only the directory that holds it, which is
 * writable; the subvolume's own tree is untouched.) A leftover partial subvolume (writable, never
 * marked received) is deleted when the same name is received again.
 */
final class BtrfsTarget implements Target {
    private static final long SUBVOLUME_ROOT_INODE = Subvolumes.ROOT_DIR_INODE;

    private final Path dest;
    private final Fd destDir;
    private final ReceiveListener listener;
    /** DEST's path from the top level of the filesystem, found on first need. */
    private String destFromTop;

    private BtrfsTarget(Path dest, Fd destDir, ReceiveListener listener) {
        this.dest = dest;
        this.destDir = destDir;
        this.listener = listener;
    }

    static BtrfsTarget open(Path dest, ReceiveListener listener) throws IOException {
        Path real = dest.toRealPath();
        return new BtrfsTarget(real, Fd.openDirectory(real), listener);
    }

    @Override
    public boolean holdsOneSnapshot() {
        return false;
    }

    @Override
    public void check(SubvolumeStart start, Earlier earlier) throws IOException {
        byte[] name = SubvolumeNames.checked(start.name());
        SubvolumeNames.partial(name);
        if (exists(name)) {
            throw new IOException(dest.resolve(start.displayName()) + " already exists");
        }
        if (start.parent().isPresent() && !earlier.received(start.parent().get().uuid())) {
            locateParent(start.parent().get());
        }
    }

    @Override
    public void checkCloneSource(SubvolumeStart current, UUID uuid, Earlier earlier) throws IOException {
        boolean known = uuid.equals(current.uuid()) || earlier.received(uuid)
                || current.parent().map(p -> p.uuid().equals(uuid)).orElse(false);
        if (!known) {
            try (SubvolumeIndex index = SubvolumeIndex.open(dest)) {
                if (index.findReceiveSource(uuid).isEmpty()) {
                    throw missingCloneSource(uuid);
                }
            }
        }
    }

    @Override
    public Tree begin(SubvolumeStart start) throws IOException {
        check(start, Earlier.NONE);
        byte[] name = SubvolumeNames.checked(start.name());
        byte[] partial = SubvolumeNames.partial(name);
        byte[] logName = SubvolumeNames.resumeRecord(name);
        removeLeftover(partial);
        ResumeLog.remove(destDir, logName); // after the partial: a partial is never left with a record not its own
        Fd parentRoot = null;
        Fd root = null;
        try {
            if (start.parent().isPresent()) {
                SubvolumeInfo parent = locateParent(start.parent().get());
                parentRoot = openSubvolume(parent);
                listener.detail("parent of " + start.displayName() + ": " + parent.path() + " (id " + parent.id() + ")");
                Subvolumes.snapshot(parentRoot, destDir, partial, Subvolumes.Access.WRITABLE);
            } else {
                Subvolumes.create(destDir, partial);
            }
            root = Posix.openat(destDir, partial, Posix.O_RDONLY | Posix.O_DIRECTORY, 0);
            ResumeLog log = ResumeLog.create(destDir, logName, dest.resolve(SubvolumeNames.display(logName)));
            return new BtrfsTree(start, name, partial, root, parentRoot, log);
        } catch (IOException | RuntimeException e) {
            closeQuietly(parentRoot, e);
            closeQuietly(root, e);
            throw e;
        }
    }

    @Override
    public Resumed resume(SubvolumeStart start, ResumeToken token) throws IOException {
        byte[] name = SubvolumeNames.checked(start.name());
        byte[] partial = SubvolumeNames.partial(name);
        byte[] logName = SubvolumeNames.resumeRecord(name);
        String shown = dest.resolve(SubvolumeNames.display(partial)).toString();
        if (exists(name)) {
            throw new IOException("cannot resume " + dest.resolve(start.displayName()) + ": it already exists (complete)");
        }
        if (!exists(partial) || !isLeftover(partial)) {
            throw new IOException("cannot resume " + start.displayName() + ": there is no partial receive " + shown
                    + " (it completed, was removed, or never started); send it in full");
        }
        ResumeLog.requireIdle(dest.resolve(SubvolumeNames.display(logName)));
        ResumeRecord record = trustedRecord(partial, logName, shown, token);
        Fd parentRoot = null;
        Fd root = null;
        try {
            if (start.parent().isPresent()) {
                parentRoot = openSubvolume(locateParent(start.parent().get()));
            }
            root = Posix.openat(destDir, partial, Posix.O_RDONLY | Posix.O_DIRECTORY, 0);
            ResumeLog log = ResumeLog.reopen(destDir, logName, dest.resolve(SubvolumeNames.display(logName)), record);
            listener.detail("resuming " + shown + " at command " + token.index());
            return new Resumed(new BtrfsTree(start, name, partial, root, parentRoot, log), record);
        } catch (IOException | RuntimeException e) {
            closeQuietly(parentRoot, e);
            closeQuietly(root, e);
            throw e;
        }
    }

    /** The partial's record, if it is trusted and at {@code token}; else the partial is given up and the exception says why. */
    private ResumeRecord trustedRecord(byte[] partial, byte[] logName, String shown, ResumeToken token) throws IOException {
        String problem;
        Optional<ResumeRecord> record;
        try {
            record = ResumeLog.read(destDir, logName);
            problem = ResumeRecord.problemResuming(record, token).orElse(null);
        } catch (IOException e) {
            record = Optional.empty();
            problem = "its resume record is unreadable: " + ReceiveException.reason(e);
        }
        if (problem == null) {
            return record.get();
        }
        listener.detail("deleting " + shown + ": cannot resume it");
        removeLeftover(partial);
        ResumeLog.remove(destDir, logName);
        throw new IOException("cannot resume " + shown + ": " + problem + "; it was deleted, send in full");
    }

    @Override
    public Optional<PartialReceive> partial(String displayName) throws IOException {
        byte[] name = SubvolumeNames.checked(dev.ferry.stream.ByteString.utf8(displayName));
        byte[] partial = SubvolumeNames.partial(name);
        if (!exists(partial) || !isLeftover(partial)) {
            return Optional.empty();
        }
        Path where = dest.resolve(SubvolumeNames.display(partial));
        if (!ResumeLog.awaitIdle(dest.resolve(SubvolumeNames.display(SubvolumeNames.resumeRecord(name))),
                ResumeLog.LIST_WAIT_MILLIS)) {
            return Optional.of(new PartialReceive(displayName, where, Optional.empty(), "a receive into it is still running"));
        }
        try {
            Optional<ResumeRecord> record = ResumeLog.read(destDir, SubvolumeNames.resumeRecord(name));
            if (record.isEmpty()) {
                return Optional.of(new PartialReceive(displayName, where, Optional.empty(), "no resume record"));
            }
            Optional<String> refusal = record.get().refusal();
            return Optional.of(new PartialReceive(displayName, where,
                    refusal.isPresent() ? Optional.empty() : Optional.of(record.get().token()), refusal.orElse("resumable")));
        } catch (IOException e) {
            return Optional.of(new PartialReceive(displayName, where, Optional.empty(),
                    "unreadable resume record: " + ReceiveException.reason(e)));
        }
    }

    @Override
    public void close() throws NativeException {
        destDir.close();
    }

    private boolean exists(byte[] name) throws NativeException {
        try {
            Posix.lstatat(destDir, name);
            return true;
        } catch (NativeException e) {
            if (e.errno() == Errno.ENOENT) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Deletes what an interrupted receive of the same name left: recognised by its name, and by
     * being a writable subvolume never marked received. Anything else under that name is refused.
     */
    private void removeLeftover(byte[] partial) throws IOException {
        if (!exists(partial)) {
            return;
        }
        String shown = dest.resolve(SubvolumeNames.display(partial)).toString();
        if (!isLeftover(partial)) {
            throw new IOException(shown + " exists but is not the leftover of an interrupted receive "
                    + "(a writable subvolume never marked received); move or delete it yourself");
        }
        listener.detail("deleting " + shown + ", left by an interrupted receive");
        Subvolumes.delete(destDir, partial);
    }

    /** A writable subvolume never marked received: what only an interrupted receive leaves under a partial name. */
    private boolean isLeftover(byte[] partial) throws IOException {
        FileStat stat = Posix.lstatat(destDir, partial);
        if (!stat.isDirectory() || stat.inode() != SUBVOLUME_ROOT_INODE) {
            return false;
        }
        try (Fd fd = Posix.openat(destDir, partial, Posix.O_RDONLY | Posix.O_DIRECTORY, 0)) {
            SubvolumeInfo info = SubvolumeIndex.info(Path.of("/proc/self/fd/" + fd.raw()));
            return !info.readOnly() && info.receivedUuid().isEmpty();
        }
    }

    /**
     * The parent of an incremental stream: a subvolume received from CLONE_UUID (its stransid must
     * be CLONE_CTRANSID), else the subvolume whose own uuid it is (its ctransid must be).
     */
    private SubvolumeInfo locateParent(SubvolumeStart.Parent parent) throws IOException {
        try (SubvolumeIndex index = SubvolumeIndex.open(dest)) {
            Optional<SubvolumeInfo> received = index.findByReceivedUuid(parent.uuid());
            if (received.isPresent()) {
                SubvolumeInfo s = received.get();
                if (s.stransid() != parent.ctransid()) {
                    throw new IOException("parent subvolume " + s.path() + " was received from " + parent.uuid()
                            + " at transid " + s.stransid() + ", but the stream's parent is at transid " + parent.ctransid());
                }
                return s;
            }
            Optional<SubvolumeInfo> own = index.findByUuid(parent.uuid());
            if (own.isPresent()) {
                SubvolumeInfo s = own.get();
                if (s.ctransid() != parent.ctransid()) {
                    throw new IOException("parent subvolume " + s.path() + " (uuid " + parent.uuid() + ") has ctransid "
                            + s.ctransid() + ", but the stream's parent has ctransid " + parent.ctransid());
                }
                return s;
            }
        }
        throw new IOException("cannot find parent subvolume " + parent.uuid() + " on the filesystem of " + dest
                + ": no subvolume was received from it or has it as uuid");
    }

    private IOException missingCloneSource(UUID uuid) {
        return new IOException("cannot find clone source subvolume " + uuid + " on the filesystem of " + dest
                + ": no subvolume was received from it or has it as uuid");
    }

    /**
     * Opens subvolume {@code info} through DEST's mount: its path relative to DEST, checked to lead to
     * exactly that subvolume's root (a subvolume outside the mounted one cannot be reached).
     */
    private Fd openSubvolume(SubvolumeInfo info) throws IOException {
        Path path = dest.resolve(relativeFromDest(info.path()));
        IOException unreachable = new IOException("subvolume " + info.path() + " (id " + info.id()
                + ") is not reachable from " + dest + " (it lies outside the mounted subvolume)");
        try {
            long id;
            try (SubvolumeIndex index = SubvolumeIndex.open(path)) {
                id = index.containingId();
            }
            Fd fd = Fd.openDirectory(path);
            if (id != info.id() || Posix.fstat(fd).inode() != SUBVOLUME_ROOT_INODE) {
                fd.close();
                throw unreachable;
            }
            return fd;
        } catch (NativeException e) {
            unreachable.addSuppressed(e);
            throw unreachable;
        }
    }

    /** "../.."-style path from DEST to {@code fromTop}, both paths from the top level. */
    private String relativeFromDest(String fromTop) throws NativeException {
        if (destFromTop == null) {
            try (SubvolumeIndex index = SubvolumeIndex.open(dest)) {
                SubvolumeInfo containing = index.containing();
                String inside = index.inodePath(containing.id(), Posix.fstat(destDir).inode());
                destFromTop = join(containing.path(), inside);
            }
        }
        List<String> from = split(destFromTop);
        List<String> to = split(fromTop);
        int common = 0;
        while (common < from.size() && common < to.size() && from.get(common).equals(to.get(common))) {
            common++;
        }
        List<String> parts = new ArrayList<>();
        for (int i = common; i < from.size(); i++) {
            parts.add("..");
        }
        parts.addAll(to.subList(common, to.size()));
        return parts.isEmpty() ? "." : String.join("/", parts);
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "/" + b;
    }

    private static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        return parts;
    }

    private static void closeQuietly(Fd fd, Exception primary) {
        if (fd != null) {
            try {
                fd.close();
            } catch (NativeException e) {
                primary.addSuppressed(e);
            }
        }
    }

    /** A subvolume being received under its partial name. */
    private final class BtrfsTree implements Tree {
        private final SubvolumeStart start;
        private final byte[] name;
        private final byte[] partial;
        private final Fd root;
        private final Fd parentRoot;
        private final Map<UUID, Fd> otherSources = new HashMap<>();
        private final ResumeLog log;

        BtrfsTree(SubvolumeStart start, byte[] name, byte[] partial, Fd root, Fd parentRoot, ResumeLog log) {
            this.start = start;
            this.name = name;
            this.partial = partial;
            this.root = root;
            this.parentRoot = parentRoot;
            this.log = log;
        }

        @Override
        public Optional<ResumeLog> resumeLog() {
            return Optional.of(log);
        }

        private void dropLog() throws IOException {
            log.close();
            ResumeLog.remove(destDir, SubvolumeNames.resumeRecord(name));
        }

        @Override
        public String suspend() {
            try {
                log.close();
                closeAll();
            } catch (NativeException ignored) {
                // the descriptors are gone either way
            }
            return "kept the partial receive " + dest.resolve(SubvolumeNames.display(partial)) + " to resume from "
                    + log.last().token();
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
            return dest.resolve(start.displayName());
        }

        @Override
        public CloneSource cloneSource(UUID uuid) throws IOException {
            if (uuid.equals(start.uuid())) {
                return new CloneSource(root, false);
            }
            if (parentRoot != null && uuid.equals(start.parent().orElseThrow().uuid())) {
                return new CloneSource(parentRoot, false);
            }
            Fd known = otherSources.get(uuid);
            if (known == null) {
                SubvolumeInfo source;
                try (SubvolumeIndex index = SubvolumeIndex.open(dest)) {
                    source = index.findReceiveSource(uuid).orElseThrow(() -> missingCloneSource(uuid));
                }
                known = openSubvolume(source);
                otherSources.put(uuid, known);
            }
            return new CloneSource(known, false);
        }

        @Override
        public boolean acceptsEncodedWrites() {
            return true;
        }

        /** Not needed: the parent is a subvolume of its own, never changed by the receive. */
        @Override
        public Fd scratchFile() {
            throw new UnsupportedOperationException("a btrfs receive keeps nothing aside");
        }

        /**
         * Sync, mark received (only possible while writable), make read-only, and only then give it its
         * name: RENAME_NOREPLACE, so a name that appeared meanwhile is never replaced.
         */
        @Override
        public void complete() throws IOException {
            dropLog(); // first: a partial that has begun to be sealed is not resumed, but deleted as a leftover
            Filesystem.sync(root);
            Subvolumes.setReceived(root, ReceivedFrom.of(start.uuid(), start.ctransid()));
            Subvolumes.setReadOnly(root, true);
            closeAll();
            Posix.renameat2(destDir, partial, destDir, name, Posix.RENAME_NOREPLACE);
            Posix.fsync(destDir);
        }

        @Override
        public void abandon() {
            try {
                closeAll();
            } catch (NativeException ignored) {
                // the descriptors are gone either way
            }
            try {
                dropLog();
            } catch (IOException | RuntimeException e) {
                listener.warning("could not remove the resume record of " + start.displayName() + " (" + ReceiveException.reason(e) + ")");
            }
            try {
                Subvolumes.delete(destDir, partial);
            } catch (NativeException | RuntimeException e) {
                listener.warning("could not delete the incomplete subvolume " + dest.resolve(SubvolumeNames.display(partial))
                        + " (" + ReceiveException.reason(e) + "); the next receive of " + start.displayName() + " deletes it");
            }
        }

        private void closeAll() throws NativeException {
            NativeException first = null;
            List<Fd> all = new ArrayList<>(otherSources.values());
            all.add(root);
            if (parentRoot != null) {
                all.add(parentRoot);
            }
            otherSources.clear();
            for (Fd fd : all) {
                try {
                    fd.close();
                } catch (NativeException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
