package dev.ferry.stream;

/**
 * The command numbers of the send stream (BTRFS_SEND_C_*), with the title that
 * {@code btrfs receive --dump} prints for each.
 */
public enum CommandType {
    SUBVOL(1, "subvol", 1),
    SNAPSHOT(2, "snapshot", 1),
    MKFILE(3, "mkfile", 1),
    MKDIR(4, "mkdir", 1),
    MKNOD(5, "mknod", 1),
    MKFIFO(6, "mkfifo", 1),
    MKSOCK(7, "mksock", 1),
    SYMLINK(8, "symlink", 1),
    RENAME(9, "rename", 1),
    LINK(10, "link", 1),
    UNLINK(11, "unlink", 1),
    RMDIR(12, "rmdir", 1),
    SET_XATTR(13, "set_xattr", 1),
    REMOVE_XATTR(14, "remove_xattr", 1),
    WRITE(15, "write", 1),
    CLONE(16, "clone", 1),
    TRUNCATE(17, "truncate", 1),
    CHMOD(18, "chmod", 1),
    CHOWN(19, "chown", 1),
    UTIMES(20, "utimes", 1),
    END(21, "end", 1),
    UPDATE_EXTENT(22, "update_extent", 1),
    FALLOCATE(23, "fallocate", 2),
    FILEATTR(24, "fileattr", 2),
    ENCODED_WRITE(25, "encoded_write", 2),
    ENABLE_VERITY(26, "enable_verity", 3),
    /** A number this protocol does not define. btrfs-progs skips such commands after the crc check. */
    UNKNOWN(-1, "unknown", 1);

    private static final CommandType[] BY_NUMBER = new CommandType[27];

    static {
        for (CommandType t : values()) {
            if (t.number > 0) {
                BY_NUMBER[t.number] = t;
            }
        }
    }

    private final int number;
    private final String title;
    private final int sinceVersion;

    CommandType(int number, String title, int sinceVersion) {
        this.number = number;
        this.title = title;
        this.sinceVersion = sinceVersion;
    }

    /** The number on the wire; -1 for {@link #UNKNOWN}. */
    public int number() {
        return number;
    }

    /** The lower-case title used by {@code btrfs receive --dump}. */
    public String title() {
        return title;
    }

    public int sinceVersion() {
        return sinceVersion;
    }

    /** The type with this number, or {@link #UNKNOWN}. */
    public static CommandType byNumber(int number) {
        CommandType t = number > 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
        return t == null ? UNKNOWN : t;
    }
}
