package dev.ferry.send.diff;

import java.util.Locale;

/**
 * One property of an inode that changed while the inode kept its identity. Declared in the
 * order they are printed. Xattrs are listed by name in {@link PathChange} rather than here.
 */
public enum Aspect {
    /** The extent map of a regular file: data was written, punched, cloned or preallocated. */
    DATA,
    /** i_size; for a directory, the total length of its entry names. */
    SIZE,
    /** Permission bits, setuid, setgid and sticky. */
    MODE,
    UID,
    GID,
    /** The device number of a block or character device. */
    RDEV,
    /** Inode flags (chattr: immutable, append-only, nodatacow, ...). */
    FLAGS,
    /** The link count; names gained or lost are listed as their own changes. */
    NLINK,
    ATIME,
    MTIME,
    CTIME;

    /** The lower-case name printed in both output forms. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
