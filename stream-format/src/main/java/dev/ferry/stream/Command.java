package dev.ferry.stream;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * One command of a Btrfs send stream, as a typed value. One record per command number of
 * protocol v1, v2 and v3 (ENABLE_VERITY), plus {@link Unknown} for numbers the protocol does not
 * define, which btrfs-progs skips.
 *
 * <p>Paths are relative to the root of the subvolume being received; the empty path is that root.
 * Record components are in reading order; {@link StreamWriter} emits attributes in the kernel's
 * order (send-stream-format.md §5), which is not always the same.
 *
 * <p>Optional components ({@code Optional*}) are attributes that a stream may omit; keeping their
 * absence lets a decoded stream be re-encoded to the same bytes.
 */
public sealed interface Command {

    CommandType type();

    /** A command that acts on one path in the subvolume being received. */
    sealed interface OnPath extends Command {
        ByteString path();
    }

    /** Starts a full (non-incremental) subvolume named {@code path}. */
    record Subvol(ByteString path, UUID uuid, long ctransid) implements OnPath {
        public Subvol {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(uuid, "uuid");
        }

        public CommandType type() {
            return CommandType.SUBVOL;
        }
    }

    /** Starts an incremental subvolume named {@code path}, a snapshot of the parent identified by {@code cloneUuid}. */
    record Snapshot(ByteString path, UUID uuid, long ctransid, UUID cloneUuid, long cloneCtransid) implements OnPath {
        public Snapshot {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(uuid, "uuid");
            Objects.requireNonNull(cloneUuid, "cloneUuid");
        }

        public CommandType type() {
            return CommandType.SNAPSHOT;
        }
    }

    record MkFile(ByteString path, long ino) implements OnPath {
        public MkFile {
            Objects.requireNonNull(path, "path");
        }

        public CommandType type() {
            return CommandType.MKFILE;
        }
    }

    record MkDir(ByteString path, long ino) implements OnPath {
        public MkDir {
            Objects.requireNonNull(path, "path");
        }

        public CommandType type() {
            return CommandType.MKDIR;
        }
    }

    /** A character or block device; {@code mode} is the full st_mode including the type bits. */
    record MkNod(ByteString path, long ino, long rdev, long mode) implements OnPath {
        public MkNod {
            Objects.requireNonNull(path, "path");
        }

        public CommandType type() {
            return CommandType.MKNOD;
        }
    }

    /** The kernel sends RDEV (0) and MODE here too; btrfs-progs ignores them. */
    record MkFifo(ByteString path, long ino, OptionalLong rdev, OptionalLong mode) implements OnPath {
        public MkFifo {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(rdev, "rdev");
            Objects.requireNonNull(mode, "mode");
        }

        public CommandType type() {
            return CommandType.MKFIFO;
        }
    }

    /** The kernel sends RDEV (0) and MODE here too; btrfs-progs ignores them. */
    record MkSock(ByteString path, long ino, OptionalLong rdev, OptionalLong mode) implements OnPath {
        public MkSock {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(rdev, "rdev");
            Objects.requireNonNull(mode, "mode");
        }

        public CommandType type() {
            return CommandType.MKSOCK;
        }
    }

    /** A symbolic link at {@code path} whose content is {@code target} (PATH_LINK). */
    record Symlink(ByteString path, long ino, ByteString target) implements OnPath {
        public Symlink {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(target, "target");
        }

        public CommandType type() {
            return CommandType.SYMLINK;
        }
    }

    record Rename(ByteString path, ByteString to) implements OnPath {
        public Rename {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(to, "to");
        }

        public CommandType type() {
            return CommandType.RENAME;
        }
    }

    /** Creates the new name {@code path} for the existing file {@code target} (PATH_LINK). */
    record Link(ByteString path, ByteString target) implements OnPath {
        public Link {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(target, "target");
        }

        public CommandType type() {
            return CommandType.LINK;
        }
    }

    record Unlink(ByteString path) implements OnPath {
        public Unlink {
            Objects.requireNonNull(path, "path");
        }

        public CommandType type() {
            return CommandType.UNLINK;
        }
    }

    record Rmdir(ByteString path) implements OnPath {
        public Rmdir {
            Objects.requireNonNull(path, "path");
        }

        public CommandType type() {
            return CommandType.RMDIR;
        }
    }

    record SetXattr(ByteString path, ByteString name, ByteString value) implements OnPath {
        public SetXattr {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        public CommandType type() {
            return CommandType.SET_XATTR;
        }
    }

    record RemoveXattr(ByteString path, ByteString name) implements OnPath {
        public RemoveXattr {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(name, "name");
        }

        public CommandType type() {
            return CommandType.REMOVE_XATTR;
        }
    }

    record Write(ByteString path, long offset, ByteString data) implements OnPath {
        public Write {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(data, "data");
        }

        public CommandType type() {
            return CommandType.WRITE;
        }
    }

    /**
     * Reflinks {@code length} bytes at {@code cloneOffset} of {@code clonePath} in the subvolume
     * identified by {@code cloneUuid} to {@code offset} of {@code path}.
     */
    record Clone(ByteString path, long offset, long length, UUID cloneUuid, long cloneCtransid,
                 ByteString clonePath, long cloneOffset) implements OnPath {
        public Clone {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(cloneUuid, "cloneUuid");
            Objects.requireNonNull(clonePath, "clonePath");
        }

        public CommandType type() {
            return CommandType.CLONE;
        }
    }

    record Truncate(ByteString path, long size) implements OnPath {
        public Truncate {
            Objects.requireNonNull(path, "path");
        }

        public CommandType type() {
            return CommandType.TRUNCATE;
        }
    }

    /** {@code mode} carries the permission bits only (mode &amp; 07777). */
    record Chmod(ByteString path, long mode) implements OnPath {
        public Chmod {
            Objects.requireNonNull(path, "path");
        }

        public CommandType type() {
            return CommandType.CHMOD;
        }
    }

    record Chown(ByteString path, long uid, long gid) implements OnPath {
        public Chown {
            Objects.requireNonNull(path, "path");
        }

        public CommandType type() {
            return CommandType.CHOWN;
        }
    }

    /** ctime and otime cannot be set by a receiver; they travel for information. OTIME is sent from v2 on. */
    record Utimes(ByteString path, Timespec atime, Timespec mtime, Timespec ctime, Optional<Timespec> otime)
            implements OnPath {
        public Utimes {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(atime, "atime");
            Objects.requireNonNull(mtime, "mtime");
            Objects.requireNonNull(ctime, "ctime");
            Objects.requireNonNull(otime, "otime");
        }

        public CommandType type() {
            return CommandType.UTIMES;
        }
    }

    /** Ends a stream (or, for {@code btrfs send -e}, the last of several subvolumes). */
    record End() implements Command {
        public CommandType type() {
            return CommandType.END;
        }
    }

    /** In a {@code --no-data} stream: the range changed, its bytes are not sent. */
    record UpdateExtent(ByteString path, long offset, long size) implements OnPath {
        public UpdateExtent {
            Objects.requireNonNull(path, "path");
        }

        public CommandType type() {
            return CommandType.UPDATE_EXTENT;
        }
    }

    /** fallocate(2) with FALLOC_FL_* {@code mode} bits; the kernel sends 3 (PUNCH_HOLE|KEEP_SIZE) for holes. */
    record Fallocate(ByteString path, int mode, long offset, long size) implements OnPath {
        public Fallocate {
            Objects.requireNonNull(path, "path");
        }

        public CommandType type() {
            return CommandType.FALLOCATE;
        }
    }

    /** The raw btrfs inode flags (BTRFS_INODE_*), not the FS_*_FL chattr bits. */
    record FileAttr(ByteString path, long flags) implements OnPath {
        public FileAttr {
            Objects.requireNonNull(path, "path");
        }

        public CommandType type() {
            return CommandType.FILEATTR;
        }
    }

    /**
     * A compressed extent passed through as stored on disk. Decompressing {@code data} gives
     * {@code unencodedLen} bytes; file bytes [offset, offset + unencodedFileLen) are decompressed
     * bytes [unencodedOffset, unencodedOffset + unencodedFileLen). Absent COMPRESSION or
     * ENCRYPTION mean 0.
     */
    record EncodedWrite(ByteString path, long offset, long unencodedFileLen, long unencodedLen,
                        long unencodedOffset, OptionalInt compression, OptionalInt encryption,
                        ByteString data) implements OnPath {
        public EncodedWrite {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(compression, "compression");
            Objects.requireNonNull(encryption, "encryption");
            Objects.requireNonNull(data, "data");
        }

        public CommandType type() {
            return CommandType.ENCODED_WRITE;
        }
    }

    /** fs-verity: {@code algorithm} is the hash id (1 SHA-256, 2 SHA-512), {@code blockSize} a power of two. */
    record EnableVerity(ByteString path, int algorithm, long blockSize, ByteString salt, ByteString signature)
            implements OnPath {
        public EnableVerity {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(salt, "salt");
            Objects.requireNonNull(signature, "signature");
        }

        public CommandType type() {
            return CommandType.ENABLE_VERITY;
        }
    }

    /** A command number the protocol does not define, kept with its raw payload. */
    record Unknown(int number, ByteString payload) implements Command {
        public Unknown {
            Objects.requireNonNull(payload, "payload");
        }

        public CommandType type() {
            return CommandType.UNKNOWN;
        }
    }
}
