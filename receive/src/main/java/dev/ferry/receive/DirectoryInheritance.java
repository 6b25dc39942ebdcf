package dev.ferry.receive;

import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.InodeFlags;
import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.Posix;
import dev.ferry.btrfs.Xattrs;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a directory hands on to an entry made in it, besides what the stream sets afterwards: a
 * default ACL becomes the new entry's ACL, btrfs's compression property and chattr flags such as
 * NOCOW or SYNC are copied, a setgid directory gives its group and bit. The kernel creates every
 * new file as an orphan in the subvolume root and renames it into place, so with {@code btrfs
 * receive} it inherits from the root only; ferry creates it in place at once (saving the rename)
 * only in a directory that hands on nothing, so that the result is the same.
 */
final class DirectoryInheritance {
    /** The one xattr allowed: every inode has an SELinux label where SELinux runs, and the stream sets its own. */
    private static final byte[] SELINUX_LABEL = "security.selinux".getBytes(StandardCharsets.US_ASCII);
    /** Flags that say how ext4 stores a directory (extents, hashed index, inline data), never inherited. */
    private static final int STORAGE_FLAGS = 0x00080000 | 0x00001000 | 0x10000000 | 0x00040000;

    private DirectoryInheritance() {
    }

    /** Whether a new entry in {@code directory} gets nothing from it: no xattr but a label, no chattr flag, no setgid bit. */
    static boolean handsOnNothing(Fd directory) throws NativeException {
        if ((Posix.fstat(directory).permissions() & 02000) != 0) {
            return false;
        }
        if ((flags(directory) & ~STORAGE_FLAGS) != 0) {
            return false;
        }
        for (byte[] name : Xattrs.list(directory)) {
            if (!Arrays.equals(name, SELINUX_LABEL)) {
                return false;
            }
        }
        return true;
    }

    /** The chattr flags, 0 where the file system has none (tmpfs before 6.0, for one). */
    private static int flags(Fd directory) throws NativeException {
        try {
            return InodeFlags.get(directory);
        } catch (NativeException e) {
            if (InodeFlags.unsupported(e)) {
                return 0;
            }
            throw e;
        }
    }
}
