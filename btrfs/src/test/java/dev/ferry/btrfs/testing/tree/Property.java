package dev.ferry.btrfs.testing.tree;

/** What a {@link Difference} is about. */
public enum Property {
    /** The expected tree has the path, the actual one does not. */
    MISSING,
    /** The actual tree has a path the expected one does not. */
    EXTRA,
    TYPE,
    /** Permission bits including setuid, setgid and sticky. */
    PERMISSIONS,
    UID,
    GID,
    SIZE,
    CONTENT,
    /** Where data and holes lie (SEEK_DATA/SEEK_HOLE). */
    DATA_LAYOUT,
    MTIME,
    ATIME,
    /** One extended attribute, of any namespace (ACLs and capabilities included). */
    XATTR,
    SYMLINK_TARGET,
    DEVICE,
    /** Which paths share an inode. */
    HARD_LINKS
}
