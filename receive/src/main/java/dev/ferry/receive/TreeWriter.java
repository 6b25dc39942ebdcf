package dev.ferry.receive;

import dev.ferry.btrfs.Beneath;
import dev.ferry.btrfs.DeviceNumber;
import dev.ferry.btrfs.EncodedIo;
import dev.ferry.btrfs.Errno;
import dev.ferry.btrfs.FallocateMode;
import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.FileStat;
import dev.ferry.btrfs.InodeFlags;
import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.Posix;
import dev.ferry.btrfs.Reflink;
import dev.ferry.btrfs.UnsafePathException;
import dev.ferry.btrfs.Xattrs;
import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import dev.ferry.stream.Timespec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies the commands of one subvolume to its {@link Tree}, the way {@code btrfs receive} does
 * (send-stream-format.md §7.2), with every path resolved beneath the tree's root by {@link Beneath}:
 * no symlink is followed on any path, "..", absolute and empty components are refused, and only
 * regular files are ever opened for reading or writing.
 *
 * <p>Two caches keep the system calls per command low: the file last written (consecutive WRITEs,
 * CLONEs, TRUNCATEs of one path share one fd, as in progs) and the directories last resolved
 * ({@link DirectoryCache}). A rename or rmdir can change what a path denotes, so the open file and
 * the directories at or beneath its path are dropped then. A new file or directory is made in
 * place at once rather than as an orphan renamed there, where that gives the same result
 * ({@link #createMoved}).
 *
 * <p>Where ferry goes beyond progs: CHOWN keeps setuid/setgid bits and security.capability (the
 * kernel clears them on chown, and a stream whose mode did not change sends no CHMOD to restore
 * them); FILEATTR flags are applied at the end (see {@link InodeFlagMapping}); an incremental
 * receive puts the root's times back at the end, the last ones the stream sent or else the parent's
 * (the kernel creates and renames orphans in the root after sending the root's times).
 */
final class TreeWriter {
    private static final byte[] CAPABILITY = "security.capability".getBytes(StandardCharsets.US_ASCII);
    private static final int SET_ID_BITS = 06000;
    /** The largest decoded extent accepted; btrfs's own limit is 128 KiB. */
    private static final int MAX_UNENCODED_LENGTH = 16 << 20;
    private static final Set<Errno> CLONE_REFUSALS = Set.of(Errno.EINVAL, Errno.EXDEV, Errno.EOPNOTSUPP, Errno.ENOTTY);
    private static final Set<Errno> ENCODED_WRITE_REFUSALS =
            Set.of(Errno.ENOSPC, Errno.ENOTTY, Errno.EINVAL, Errno.EOPNOTSUPP, Errno.EPERM);

    private final Tree tree;
    private final Fd root;
    private final boolean passEncodedWrites;
    private final boolean noDevices;
    private final Warnings warnings;
    private final ChangeTracker changes;
    private final Beneath beneath = Beneath.resolver();
    /** An incremental receive's root times at its start (the parent's), put back at the end unless the stream sent its own. */
    private final RootTimes rootAtStart;
    /** Continuing an interrupted receive: what this writer did not see (a capability set) is read from the tree. */
    private final boolean resumed;
    private final List<PendingFlags> pendingFlags = new ArrayList<>();
    /** Paths given security.capability by this stream: CHOWN must put it back (the kernel drops it on chown). */
    private final Map<ByteString, byte[]> capabilitiesSet = new HashMap<>();

    private final DirectoryCache directories;
    private ByteString openPath;
    private Fd openFile;
    private long openInode;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(256 << 10);
    /** The last UTIMES the stream sent for the root, re-applied at the end (later orphan renames in the root bump its mtime). */
    private RootTimes rootTimes;
    private boolean encodedWritesWork = true;
    /** Directories known to hand nothing on to new entries, or not (see {@link DirectoryInheritance}). */
    private final PlainDirectories plainDirectories = new PlainDirectories();
    private boolean reflinksWork = true;

    /** A FILEATTR waiting for the end of the subvolume. */
    private record PendingFlags(ByteString path, long inode, int flags) {
    }

    TreeWriter(Tree tree, ReceiveOptions options, Warnings warnings) throws IOException {
        this(tree, options, warnings, Optional.empty());
    }

    /** A writer that continues where {@code resumedFrom} says an interrupted one was, with the state it had then. */
    TreeWriter(Tree tree, ReceiveOptions options, Warnings warnings, Optional<ResumeRecord> resumedFrom) throws IOException {
        this.tree = tree;
        this.root = tree.root();
        this.passEncodedWrites = tree.acceptsEncodedWrites() && !options.forceDecompress();
        this.noDevices = options.noDevices();
        this.warnings = warnings;
        this.resumed = resumedFrom.isPresent();
        this.directories = DirectoryCache.sizedForProcess();
        boolean inPlace = tree.start().incremental() && !tree.acceptsEncodedWrites();
        if (inPlace && resumed) {
            throw new IllegalStateException("a mirror changed in place cannot be resumed");
        }
        this.changes = inPlace ? new ChangeTracker(tree.scratchFile()) : null;
        if (resumed) {
            this.rootAtStart = resumedFrom.get().rootAtStart().orElse(null);
            this.rootTimes = resumedFrom.get().rootTimes().orElse(null);
        } else if (tree.start().incremental()) {
            FileStat stat = Posix.fstat(root);
            this.rootAtStart = new RootTimes(stat.atime(), stat.mtime());
        } else {
            this.rootAtStart = null;
        }
    }

    /** What a resume record must carry of this writer's memory: the root's times to put back at the end. */
    Optional<RootTimes> rootTimes() {
        return Optional.ofNullable(rootTimes);
    }

    Optional<RootTimes> rootAtStart() {
        return Optional.ofNullable(rootAtStart);
    }

    /**
     * Whether a {@link ReplayRule#NAMESPACE} command that a resumed receive starts with was applied
     * before the interruption. A valid stream only creates a name that is free and only removes or
     * moves one that is there, so its path tells: a created name exists, a removed or moved one is gone.
     */
    boolean alreadyApplied(Command.OnPath command) throws IOException {
        boolean exists = exists(command.path());
        return switch (command.type()) {
            case MKFILE, MKDIR, MKNOD, MKFIFO, MKSOCK, SYMLINK, LINK -> exists;
            case UNLINK, RMDIR, RENAME -> !exists;
            default -> throw new IllegalArgumentException(command.type() + " is not a namespace command");
        };
    }

    /**
     * For a resumed receive whose first command created a name that is gone: whether {@code rename}
     * of that name, the command after it, ran too. A valid stream renames only onto a free name,
     * so its destination exists only if it did.
     */
    boolean alreadyMovedIntoPlace(Command.Rename rename) throws IOException {
        return exists(rename.to());
    }

    private boolean exists(ByteString path) throws IOException {
        Location at = locate(path);
        try {
            Posix.lstatat(at.dir(), at.name());
            return true;
        } catch (NativeException e) {
            if (e.errno() == Errno.ENOENT) {
                return false;
            }
            throw e;
        }
    }

    void apply(Command.OnPath command) throws IOException {
        switch (command.type()) {
            case MKFILE -> makeFile((Command.MkFile) command);
            case MKDIR -> create(command.path(), (dir, name) -> Posix.mkdirat(dir, name, 0700));
            case MKNOD -> makeNode((Command.MkNod) command);
            case MKFIFO -> create(command.path(), (dir, name) -> Posix.mkfifoat(dir, name, 0600));
            case MKSOCK -> create(command.path(), (dir, name) -> Posix.mknodat(dir, name, Posix.S_IFSOCK | 0600, DeviceNumber.NONE));
            case SYMLINK -> symlink((Command.Symlink) command);
            case RENAME -> rename((Command.Rename) command);
            case LINK -> link((Command.Link) command);
            case UNLINK -> remove(command.path(), Posix::unlinkat, false);
            case RMDIR -> remove(command.path(), Posix::rmdirat, true);
            case SET_XATTR -> setXattr((Command.SetXattr) command);
            case REMOVE_XATTR -> removeXattr((Command.RemoveXattr) command);
            case WRITE -> write((Command.Write) command);
            case CLONE -> cloneRange((Command.Clone) command);
            case TRUNCATE -> truncate((Command.Truncate) command);
            case CHMOD -> chmod((Command.Chmod) command);
            case CHOWN -> chown((Command.Chown) command);
            case UTIMES -> utimes((Command.Utimes) command);
            case UPDATE_EXTENT -> Beneath.checkPath(command.path().toByteArray()); // --no-data: nothing to write
            case FALLOCATE -> fallocate((Command.Fallocate) command);
            case FILEATTR -> fileAttr((Command.FileAttr) command);
            case ENCODED_WRITE -> encodedWrite((Command.EncodedWrite) command);
            case ENABLE_VERITY -> throw new IOException("ENABLE_VERITY (fs-verity) is not supported by ferry receive");
            default -> throw new IllegalStateException("not a command on a path: " + command.type());
        }
    }

    /** Everything the subvolume still owes before it is sealed: flags, the root's times, open descriptors. */
    void finish() throws IOException {
        closeOpenFile();
        applyPendingFlags();
        RootTimes times = rootTimes != null ? rootTimes : rootAtStart;
        if (times != null) {
            Posix.futimens(root, times.atime(), times.mtime());
        }
        dropDirectoryCache();
        if (changes != null) {
            changes.close();
        }
    }

    /** Releases descriptors after a failure. */
    void closeQuietly() {
        try {
            if (changes != null) {
                changes.close();
            }
        } catch (NativeException ignored) {
            // failing already
        }
        try {
            closeOpenFile();
        } catch (NativeException ignored) {
            // failing already
        }
        try {
            dropDirectoryCache();
        } catch (NativeException ignored) {
            // failing already
        }
    }

    // ---- namespace

    @FunctionalInterface
    private interface EntryCall {
        void call(Fd dir, byte[] name) throws IOException;
    }

    private void create(ByteString path, EntryCall call) throws IOException {
        Location at = locate(path);
        call.call(at.dir(), at.name());
        pathChanged(path);
    }

    private void makeFile(Command.MkFile c) throws IOException {
        create(c.path(), (dir, name) -> {
            try (Fd created = Posix.openat(dir, name, Posix.O_WRONLY | Posix.O_CREAT | Posix.O_EXCL, 0600)) {
                if (changes != null) {
                    changes.fileCreated(Posix.fstat(created).inode());
                }
            }
        });
    }

    /**
     * MKFILE or MKDIR of an orphan name in the root together with the RENAME of that name that
     * follows it, the way the kernel sends every new file and directory: made at once under the final
     * name when that is free, which saves the rename and leaves the new file open for the WRITEs that
     * come next. Both commands are applied as they are when the final name is taken (a valid stream
     * has the kernel move an occupant away first, so only a hand-made one does this) or when its
     * directory would hand something on to the new entry that an orphan in the root does not get
     * ({@link DirectoryInheritance}). The caller has checked the orphan's name (it is never used on
     * the file system when the create is made in place).
     */
    void createMoved(Command.OnPath create, Command.Rename rename) throws IOException {
        if (!isOrphanCreate(create)) {
            throw new IllegalArgumentException("not a create of an orphan in the root: " + create);
        }
        closeOpenFile();
        Location at = locate(rename.to());
        if (!handsOnNothing(rename.to(), at.dir()) || !createdInPlace(create, rename.to(), at)) {
            apply(create);
            apply(rename);
            return;
        }
        // Nothing is cached at or beneath the new name: it did not exist, and a name that goes away drops its entries.
        if (!capabilitiesSet.isEmpty()) {
            moveCapabilities(create.path(), rename.to());
        }
        pathChanged(create.path());
        pathChanged(rename.to());
    }

    /** MKFILE or MKDIR of a name in the root, as the kernel's orphans are: what {@link #createMoved} joins with a RENAME. */
    static boolean isOrphanCreate(Command.OnPath command) {
        return (command instanceof Command.MkFile || command instanceof Command.MkDir) && lastSlash(command.path()) < 0;
    }

    /** Makes {@code create}'s file or directory at {@code at} (the path {@code to}); false if the name is taken. */
    private boolean createdInPlace(Command.OnPath create, ByteString to, Location at) throws IOException {
        try {
            if (create instanceof Command.MkFile) {
                openFile = Posix.openat(at.dir(), at.name(), Posix.O_RDWR | Posix.O_CREAT | Posix.O_EXCL, 0600);
                openPath = to.retain();
                openInode = changes == null ? -1 : Posix.fstat(openFile).inode();
                if (changes != null) {
                    changes.fileCreated(openInode);
                }
            } else {
                Posix.mkdirat(at.dir(), at.name(), 0700);
                plainDirectories.remember(to, true); // made in one that hands on nothing, it has nothing either
            }
            return true;
        } catch (NativeException e) {
            if (e.errno() != Errno.EEXIST) {
                throw e;
            }
            return false;
        }
    }

    /** Whether the directory {@code path} is made in (open as {@code dir}) hands nothing on to it. */
    private boolean handsOnNothing(ByteString path, Fd dir) throws NativeException {
        int slash = lastSlash(path);
        ByteString parent = slash < 0 ? ByteString.EMPTY : path.substring(0, slash);
        Boolean verdict = plainDirectories.handsOnNothing(parent);
        if (verdict == null) {
            verdict = DirectoryInheritance.handsOnNothing(dir);
            plainDirectories.remember(parent, verdict);
        }
        return verdict;
    }

    /** An xattr or the setgid bit of {@code path} changed: what it hands on must be examined again (a chown only takes away). */
    private void inheritanceMayChange(ByteString path) {
        plainDirectories.forget(path);
    }

    /** MKNOD: MODE carries the file type; the permissions come later with CHMOD. */
    private void makeNode(Command.MkNod c) throws IOException {
        int type = (int) (c.mode() & Posix.S_IFMT);
        if (type != Posix.S_IFCHR && type != Posix.S_IFBLK && type != Posix.S_IFIFO && type != Posix.S_IFSOCK) {
            throw new IOException(String.format("MKNOD of file type 0%o is not a device, fifo or socket", type));
        }
        checkDevice(c, noDevices);
        DeviceNumber rdev = DeviceNumber.decode(c.rdev());
        create(c.path(), (dir, name) -> Posix.mknodat(dir, name, type | 0600, rdev));
    }

    /** With --no-devices, a character or block device is refused; fifos and sockets are harmless. */
    static void checkDevice(Command.MkNod c, boolean noDevices) throws IOException {
        int type = (int) (c.mode() & Posix.S_IFMT);
        if (noDevices && (type == Posix.S_IFCHR || type == Posix.S_IFBLK)) {
            DeviceNumber rdev = DeviceNumber.decode(c.rdev());
            throw new IOException(String.format("refusing to make %s device %s (%d:%d): --no-devices is set",
                    type == Posix.S_IFCHR ? "character" : "block", c.path(), rdev.major(), rdev.minor()));
        }
    }

    /** The target is the link's content, stored as is and never resolved. */
    private void symlink(Command.Symlink c) throws IOException {
        byte[] target = c.target().toByteArray();
        if (c.target().indexOf((byte) 0, 0) >= 0 || target.length == 0) {
            throw new IOException("a symlink target must be non-empty and free of NUL bytes");
        }
        create(c.path(), (dir, name) -> Posix.symlinkat(target, dir, name));
    }

    private void rename(Command.Rename c) throws IOException {
        closeOpenFile();
        try (Location from = locateUncached(root, c.path())) {
            Location to = locate(c.to());
            Posix.renameat(from.dir(), from.name(), to.dir(), to.name());
        }
        dropCachedDirectoryUnder(c.path()); // a directory may have moved away from there
        dropCachedDirectoryUnder(c.to()); // or replaced an empty one there
        plainDirectories.forgetAll();
        if (!capabilitiesSet.isEmpty()) {
            moveCapabilities(c.path(), c.to());
        }
        pathChanged(c.path());
        pathChanged(c.to());
    }

    /** LINK: PATH is the new name for the existing PATH_LINK (a hard link; a symlink is linked itself). */
    private void link(Command.Link c) throws IOException {
        try (Location existing = locateUncached(root, c.target())) {
            Location created = locate(c.path());
            Posix.linkat(existing.dir(), existing.name(), created.dir(), created.name());
        }
        pathChanged(c.path());
    }

    private void remove(ByteString path, EntryCall call, boolean directory) throws IOException {
        closeOpenFile();
        Location at = locate(path);
        call.call(at.dir(), at.name());
        if (directory) {
            dropCachedDirectoryUnder(path);
            plainDirectories.forgetAll();
        }
        pathChanged(path);
    }

    // ---- attributes

    private void setXattr(Command.SetXattr c) throws IOException {
        byte[] name = xattrName(c.name());
        inheritanceMayChange(c.path());
        byte[] value = c.value().toByteArray();
        if (Arrays.equals(name, CAPABILITY)) {
            capabilitiesSet.put(c.path().retain(), value);
        }
        if (c.path().isEmpty()) {
            Xattrs.set(root, name, value);
        } else {
            Location at = locate(c.path());
            Xattrs.set(at.dir(), at.name(), name, value);
        }
    }

    private void removeXattr(Command.RemoveXattr c) throws IOException {
        byte[] name = xattrName(c.name());
        inheritanceMayChange(c.path());
        if (Arrays.equals(name, CAPABILITY)) {
            capabilitiesSet.remove(c.path());
        }
        try {
            if (c.path().isEmpty()) {
                Xattrs.remove(root, name);
            } else {
                Location at = locate(c.path());
                Xattrs.remove(at.dir(), at.name(), name);
            }
        } catch (NativeException e) {
            if (!(resumed && e.errno() == Errno.ENODATA)) { // replayed after it was applied once
                throw e;
            }
        }
    }

    private static byte[] xattrName(ByteString name) throws IOException {
        if (name.isEmpty() || name.indexOf((byte) 0, 0) >= 0) {
            throw new IOException("an xattr name must be non-empty and free of NUL bytes");
        }
        return name.toByteArray();
    }

    private void chmod(Command.Chmod c) throws IOException {
        int permissions = (int) (c.mode() & 07777);
        if ((permissions & 02000) != 0) {
            inheritanceMayChange(c.path()); // a setgid directory hands on its group
        }
        if (c.path().isEmpty()) {
            Posix.fchmod(root, permissions);
        } else {
            Location at = locate(c.path());
            Posix.fchmodat(at.dir(), at.name(), permissions);
        }
    }

    /**
     * lchown, then put back what the kernel's chown took away (setuid/setgid, security.capability):
     * the stream sends CHMOD or REMOVE_XATTR itself when those really changed, always before or
     * after this in the order that makes its result right.
     */
    private void chown(Command.Chown c) throws IOException {
        long uid = id("uid", c.uid());
        long gid = id("gid", c.gid());
        if (c.path().isEmpty()) {
            FileStat before = Posix.fstat(root);
            Posix.fchown(root, uid, gid);
            if ((before.permissions() & SET_ID_BITS) != 0 && Posix.fstat(root).permissions() != before.permissions()) {
                Posix.fchmod(root, before.permissions());
            }
            return;
        }
        Location at = locate(c.path());
        FileStat before = Posix.lstatat(at.dir(), at.name());
        Optional<byte[]> capability = capabilityBeforeChown(c.path(), at, before);
        Posix.lchownat(at.dir(), at.name(), uid, gid);
        if (!before.isSymlink() && (before.permissions() & SET_ID_BITS) != 0
                && Posix.lstatat(at.dir(), at.name()).permissions() != before.permissions()) {
            Posix.fchmodat(at.dir(), at.name(), before.permissions());
        }
        if (capability.isPresent()) {
            Xattrs.set(at.dir(), at.name(), CAPABILITY, capability.get());
        }
    }

    /**
     * The capability a chown of {@code path} would drop: the one this stream set (a full stream sets
     * xattrs before CHOWN), or, in an incremental stream, one the file may have brought from the parent.
     */
    private Optional<byte[]> capabilityBeforeChown(ByteString path, Location at, FileStat stat) throws IOException {
        if (!stat.isRegularFile()) {
            return Optional.empty();
        }
        byte[] set = capabilitiesSet.remove(path);
        if (set != null) {
            return Optional.of(set);
        }
        // Incremental: it may come from the parent. Resumed: it may have been set before the interruption.
        return tree.start().incremental() || resumed ? Xattrs.get(at.dir(), at.name(), CAPABILITY) : Optional.empty();
    }

    private static long id(String what, long value) throws IOException {
        if (value < 0 || value >= 0xFFFF_FFFFL) { // (u32) -1 would mean "leave unchanged"
            throw new IOException(what + " " + Long.toUnsignedString(value) + " is out of range");
        }
        return value;
    }

    /** atime and mtime with nanoseconds, on the entry itself; ctime and otime cannot be set. */
    private void utimes(Command.Utimes c) throws IOException {
        Instant atime = instant(c.atime());
        Instant mtime = instant(c.mtime());
        if (c.path().isEmpty()) {
            Posix.futimens(root, atime, mtime);
            rootTimes = new RootTimes(atime, mtime);
        } else {
            Location at = locate(c.path());
            Posix.utimensat(at.dir(), at.name(), atime, mtime);
        }
    }

    private static Instant instant(Timespec t) throws IOException {
        try {
            return t.toInstant();
        } catch (RuntimeException e) {
            throw new IOException("time out of range: " + t.seconds() + "." + t.nanos());
        }
    }

    /** Recorded now, applied in {@link #finish()}: flags such as SYNC or DIRSYNC would slow every later change. */
    private void fileAttr(Command.FileAttr c) throws IOException {
        if (InodeFlagMapping.hasProtectionFlags(c.flags())) {
            warnings.once("immutable", "immutable and append-only flags are not replicated (they would block the next "
                    + "incremental receive); first seen on " + c.path());
        }
        long inode;
        if (c.path().isEmpty()) {
            inode = Posix.fstat(root).inode();
        } else {
            Location at = locate(c.path());
            FileStat stat = Posix.lstatat(at.dir(), at.name());
            if (!stat.isRegularFile() && !stat.isDirectory()) {
                return; // only files and directories carry these flags
            }
            inode = stat.inode();
        }
        pendingFlags.add(new PendingFlags(c.path().retain(), inode, InodeFlagMapping.toFsFlags(c.flags())));
    }

    private void applyPendingFlags() throws IOException {
        for (PendingFlags p : pendingFlags) {
            try (Fd fd = openForFlags(p)) {
                if (fd == null) {
                    warnings.once("fileattr-moved", "FILEATTR of " + p.path() + " not applied: the path changed before the end");
                    continue;
                }
                int current = InodeFlags.get(fd);
                int wanted = current & ~InodeFlagMapping.MANAGED | p.flags();
                if (wanted != current) {
                    InodeFlags.set(fd, wanted);
                }
            } catch (NativeException e) {
                if (!InodeFlags.unsupported(e)) {
                    throw e;
                }
                warnings.once("fileattr", "inode flags (FILEATTR) not replicated: the target file system refuses them ("
                        + ReceiveException.reason(e) + " on " + p.path() + ")");
            }
        }
        pendingFlags.clear();
    }

    /** The file or directory the FILEATTR was for, if the path still leads to it; null otherwise. */
    private Fd openForFlags(PendingFlags p) throws IOException {
        if (p.path().isEmpty()) {
            // The root again through Beneath's empty path: Posix.openat refuses "." as a name (found by fuzzing).
            return beneath.directory(root, new byte[0]);
        }
        Location at = locate(p.path());
        FileStat stat;
        try {
            stat = Posix.lstatat(at.dir(), at.name());
        } catch (NativeException e) {
            return null;
        }
        if (stat.inode() != p.inode() || !stat.isRegularFile() && !stat.isDirectory()) {
            return null;
        }
        return openNoAtime(at, stat.isDirectory() ? Posix.O_RDONLY | Posix.O_DIRECTORY : Posix.O_RDONLY);
    }

    // ---- data

    private void write(Command.Write c) throws IOException {
        checkRange("WRITE", c.offset(), c.data().size());
        Fd fd = openForWrite(c.path());
        beforeChange(fd, c.offset(), c.data().size());
        Posix.pwrite(fd, staged(c.data()), c.offset());
    }

    private void truncate(Command.Truncate c) throws IOException {
        checkRange("TRUNCATE", c.size(), 0);
        Fd fd = openForWrite(c.path());
        beforeChange(fd, c.size(), Long.MAX_VALUE - c.size()); // everything from the new size on
        Posix.ftruncate(fd, c.size());
    }

    private void fallocate(Command.Fallocate c) throws IOException {
        checkRange("FALLOCATE", c.offset(), c.size());
        FallocateMode mode = switch (c.mode()) {
            case 0 -> FallocateMode.ALLOCATE;
            case 1 -> FallocateMode.KEEP_SIZE;
            case 3 -> FallocateMode.PUNCH_HOLE;
            default -> throw new IOException(String.format("FALLOCATE mode 0x%x is not supported", c.mode()));
        };
        Fd fd = openForWrite(c.path());
        beforeChange(fd, c.offset(), c.size());
        Posix.fallocate(fd, mode, c.offset(), c.size());
    }

    /** FICLONERANGE from the source subvolume's CLONE_PATH; a copy (holes kept) when the file system refuses. */
    private void cloneRange(Command.Clone c) throws IOException {
        checkRange("CLONE", c.offset(), c.length());
        checkRange("CLONE source", c.cloneOffset(), c.length());
        Fd destination = openForWrite(c.path());
        Tree.CloneSource source = tree.cloneSource(c.cloneUuid());
        if (source.changedInPlace()) {
            changes.requireUnchangedPath(c.clonePath());
        }
        if (c.length() == 0) {
            return;
        }
        beforeChange(destination, c.offset(), c.length());
        try (Location at = locateUncached(source.root(), c.clonePath())) {
            FileStat stat = Posix.lstatat(at.dir(), at.name());
            requireRegular(c.clonePath(), stat, "clone from");
            try (Fd from = openNoAtime(at, Posix.O_RDONLY)) {
                if (source.changedInPlace()) {
                    changes.cloneParentBytes(from, stat.inode(), c.cloneOffset(), c.length(), destination, c.offset(),
                            this::cloneOrCopy);
                } else {
                    cloneOrCopy(from, c.cloneOffset(), c.length(), destination, c.offset());
                }
            }
        }
    }

    private void cloneOrCopy(Fd from, long fromOffset, long length, Fd destination, long offset) throws NativeException {
        if (reflinksWork) {
            try {
                Reflink.cloneRange(from, fromOffset, length, destination, offset);
                return;
            } catch (NativeException e) {
                if (!CLONE_REFUSALS.contains(e.errno())) {
                    throw e;
                }
                warnings.once("clone", "the target refuses to share extents (" + ReceiveException.reason(e)
                        + "); copying the bytes of clones instead");
                reflinksWork = e.errno() == Errno.EINVAL; // EINVAL can be one unaligned range; the others are for good
            }
        }
        RangeCopy.copy(from, fromOffset, length, destination, offset);
    }

    /**
     * The compressed extent verbatim (BTRFS_IOC_ENCODED_WRITE) where the target takes it; otherwise,
     * like progs on ENOSPC, ENOTTY or EINVAL, decompressed and written as plain data.
     */
    private void encodedWrite(Command.EncodedWrite c) throws IOException {
        int compression = c.compression().orElse(0);
        int encryption = c.encryption().orElse(0);
        if (encryption != 0) {
            throw new NativeException("ENCODED_WRITE (encryption " + encryption + ")", "", Errno.EOPNOTSUPP.number());
        }
        checkRange("ENCODED_WRITE", c.offset(), c.unencodedFileLen());
        if (c.unencodedLen() <= 0 || c.unencodedLen() > MAX_UNENCODED_LENGTH || c.unencodedOffset() < 0
                || c.unencodedFileLen() > c.unencodedLen() - c.unencodedOffset()) {
            throw new IOException("inconsistent ENCODED_WRITE lengths: unencoded_len " + c.unencodedLen() + ", unencoded_offset "
                    + c.unencodedOffset() + ", unencoded_file_len " + c.unencodedFileLen());
        }
        Fd fd = openForWrite(c.path());
        beforeChange(fd, c.offset(), c.unencodedFileLen());
        if (passEncodedWrites && encodedWritesWork) {
            EncodedIo.Extent extent = new EncodedIo.Extent(c.offset(), c.unencodedFileLen(), c.unencodedLen(),
                    c.unencodedOffset(), compression, encryption);
            try {
                EncodedIo.write(fd, extent, staged(c.data()));
                return;
            } catch (NativeException e) {
                if (!ENCODED_WRITE_REFUSALS.contains(e.errno())) {
                    throw e;
                }
                encodedWritesWork = e.errno() == Errno.EINVAL || e.errno() == Errno.ENOSPC;
            }
        }
        byte[] plain = EncodedData.decode(compression, c.data().toByteArray(), (int) c.unencodedLen());
        ByteBuffer slice = staged(ByteString.wrap(plain, (int) c.unencodedOffset(), (int) c.unencodedFileLen()));
        Posix.pwrite(fd, slice, c.offset());
    }

    /** Offsets and lengths are u64 on the wire; a file ends before 2^63. */
    private static void checkRange(String what, long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset > Long.MAX_VALUE - length) {
            throw new IOException(what + " range [" + Long.toUnsignedString(offset) + ", +" + Long.toUnsignedString(length)
                    + ") lies beyond the largest possible file");
        }
    }

    /** {@code data} copied into the reused direct buffer, ready to write. */
    private ByteBuffer staged(ByteString data) {
        if (buffer.capacity() < data.size()) {
            buffer = ByteBuffer.allocateDirect(Math.max(data.size(), 2 * buffer.capacity()));
        }
        buffer.clear();
        data.copyTo(buffer);
        return buffer.flip();
    }

    private Fd openForWrite(ByteString path) throws IOException {
        if (path.equals(openPath)) {
            return openFile;
        }
        closeOpenFile();
        Location at = locate(path);
        FileStat stat = Posix.lstatat(at.dir(), at.name());
        requireRegular(path, stat, "write to");
        openFile = Posix.openat(at.dir(), at.name(), Posix.O_RDWR, 0);
        openPath = path.retain();
        openInode = stat.inode();
        return openFile;
    }

    /** Devices and fifos are never opened: a stream could otherwise make one and write to a real disk through it. */
    private static void requireRegular(ByteString path, FileStat stat, String doing) throws IOException {
        if (!stat.isRegularFile()) {
            throw new IOException(String.format("refusing to %s %s: not a regular file (mode 0%o)", doing, path, stat.mode()));
        }
    }

    /** In a mirror changed in place: keeps the parent's bytes of the range aside before they change. */
    private void beforeChange(Fd fd, long offset, long length) throws IOException {
        if (changes != null) {
            changes.beforeChange(fd, openInode, offset, length);
        }
    }

    private void pathChanged(ByteString path) {
        if (changes != null) {
            changes.pathChanged(path);
        }
    }

    private void closeOpenFile() throws NativeException {
        Fd fd = openFile;
        openFile = null;
        openPath = null;
        if (fd != null) {
            fd.close();
        }
    }

    private static Fd openNoAtime(Location at, int flags) throws NativeException {
        try {
            return Posix.openat(at.dir(), at.name(), flags | Posix.O_NOATIME, 0);
        } catch (NativeException e) {
            if (e.errno() != Errno.EPERM) {
                throw e;
            }
            return Posix.openat(at.dir(), at.name(), flags, 0); // not the owner and no CAP_FOWNER
        }
    }

    // ---- path resolution

    /** A directory and a name in it; closing closes the directory only if this location owns it. */
    private record Location(Fd dir, byte[] name, boolean owned) implements AutoCloseable {
        @Override
        public void close() throws NativeException {
            if (owned) {
                dir.close();
            }
        }
    }

    /** {@code path} beneath the tree's root, its directory from (and into) the cache. Not to be closed. */
    private Location locate(ByteString path) throws IOException {
        byte[] bytes = checked(path);
        int slash = lastSlash(path);
        byte[] name = Arrays.copyOfRange(bytes, slash + 1, bytes.length);
        if (slash < 0) {
            return new Location(root, name, false);
        }
        ByteString directory = path.substring(0, slash);
        Fd cached = directories.get(directory);
        if (cached == null) {
            cached = beneath.directory(root, directory.toByteArray());
            directories.put(directory, cached);
        }
        return new Location(cached, name, false);
    }

    /** {@code path} beneath {@code base} with a directory of its own (close the location). */
    private Location locateUncached(Fd base, ByteString path) throws IOException {
        byte[] bytes = checked(path);
        int slash = lastSlash(path);
        byte[] name = Arrays.copyOfRange(bytes, slash + 1, bytes.length);
        if (slash < 0) {
            return new Location(base, name, false);
        }
        return new Location(beneath.directory(base, Arrays.copyOf(bytes, slash)), name, true);
    }

    private static byte[] checked(ByteString path) throws UnsafePathException {
        byte[] bytes = path.toByteArray();
        if (bytes.length == 0) {
            throw new UnsafePathException("refusing the empty path (the subvolume root) here: it names no entry");
        }
        Beneath.checkPath(bytes);
        return bytes;
    }

    /** The index of the last '/' in {@code path}: -1 for a name in the root. */
    private static int lastSlash(ByteString path) {
        for (int i = path.size() - 1; i >= 0; i--) {
            if (path.byteAt(i) == '/') {
                return i;
            }
        }
        return -1;
    }

    /** Keeps {@link #capabilitiesSet} keyed by current paths across a rename of {@code from} (and what is beneath it). */
    private void moveCapabilities(ByteString from, ByteString to) {
        capabilitiesSet.remove(to);
        for (ByteString path : List.copyOf(capabilitiesSet.keySet())) {
            if (isAtOrBeneath(path, from)) {
                byte[] value = capabilitiesSet.remove(path);
                capabilitiesSet.put(concat(to, path.substring(from.size(), path.size())), value);
            }
        }
    }

    private static ByteString concat(ByteString a, ByteString b) {
        byte[] out = new byte[a.size() + b.size()];
        a.copyTo(out, 0);
        b.copyTo(out, a.size());
        return ByteString.wrap(out, 0, out.length);
    }

    /** Whether {@code path} is {@code prefix} or lies beneath it, component-wise. */
    static boolean isAtOrBeneath(ByteString path, ByteString prefix) {
        return path.size() >= prefix.size() && path.substring(0, prefix.size()).equals(prefix)
                && (path.size() == prefix.size() || path.byteAt(prefix.size()) == '/');
    }

    /** Drops the cached directories that are {@code path} or lie beneath it: that is what a rename or rmdir there can change. */
    private void dropCachedDirectoryUnder(ByteString path) throws NativeException {
        directories.dropAtOrBeneath(path);
    }

    private void dropDirectoryCache() throws NativeException {
        directories.clear();
    }
}
