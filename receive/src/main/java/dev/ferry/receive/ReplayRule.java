package dev.ferry.receive;

import dev.ferry.stream.CommandType;

/**
 * Which commands may be applied twice, and so which prefix of a stream a resumed receive may
 * replay. See the package documentation for the whole argument.
 */
enum ReplayRule {
    /**
     * Sets state to a value given in full (bytes of a range, a size, a mode, an owner, times, an
     * xattr) on an existing path: applying it again, in order with its neighbours, gives the same
     * result. REMOVE_XATTR tolerates a missing xattr, UNKNOWN and UPDATE_EXTENT change nothing.
     */
    REPLAYABLE,
    /**
     * Creates, removes or moves a name: fails (EEXIST, ENOENT) or acts on another file when
     * replayed, and changes what the paths of later commands mean. The record is written just
     * before it, so a resume starts at the latest at this command, with it "in doubt": applied or
     * not, which its path tells (see {@code TreeWriter#alreadyApplied}).
     */
    NAMESPACE,
    /**
     * Reads a source that a later command may change. The record is written just after it, so it
     * is only ever replayed when nothing after it was applied, with its source as it was.
     */
    CLONE,
    /**
     * Leaves work in memory that a resumed receiver would not have: FILEATTR, applied at the end of
     * the subvolume. From here on the partial is not resumable.
     */
    UNRECORDABLE;

    static ReplayRule of(CommandType type) {
        return switch (type) {
            case MKFILE, MKDIR, MKNOD, MKFIFO, MKSOCK, SYMLINK, LINK, UNLINK, RMDIR, RENAME -> NAMESPACE;
            case CLONE -> CLONE;
            case FILEATTR, ENABLE_VERITY -> UNRECORDABLE;
            case WRITE, ENCODED_WRITE, TRUNCATE, CHMOD, CHOWN, UTIMES, SET_XATTR, REMOVE_XATTR, FALLOCATE, UPDATE_EXTENT,
                 UNKNOWN -> REPLAYABLE;
            case SUBVOL, SNAPSHOT, END -> throw new IllegalArgumentException(type + " starts or ends a subvolume");
        };
    }
}
