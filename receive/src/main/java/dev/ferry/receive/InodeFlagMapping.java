package dev.ferry.receive;

import dev.ferry.btrfs.InodeFlags;

/**
 * FILEATTR carries btrfs inode flags (BTRFS_INODE_*); a receiver can set their chattr
 * equivalents (FS_*_FL) with FS_IOC_SETFLAGS. {@code btrfs receive} ignores FILEATTR; ferry applies:
 *
 * <pre>
 *   BTRFS_INODE_NODATACOW  (1 &lt;&lt; 1)  -&gt; FS_NOCOW_FL    (C; btrfs honours it on empty files only)
 *   BTRFS_INODE_NOCOMPRESS (1 &lt;&lt; 3)  -&gt; FS_NOCOMP_FL   (m)
 *   BTRFS_INODE_SYNC       (1 &lt;&lt; 5)  -&gt; FS_SYNC_FL     (S)
 *   BTRFS_INODE_NODUMP     (1 &lt;&lt; 8)  -&gt; FS_NODUMP_FL   (d)
 *   BTRFS_INODE_NOATIME    (1 &lt;&lt; 9)  -&gt; FS_NOATIME_FL  (A)
 *   BTRFS_INODE_DIRSYNC    (1 &lt;&lt; 10) -&gt; FS_DIRSYNC_FL  (D)
 *   BTRFS_INODE_COMPRESS   (1 &lt;&lt; 11) -&gt; FS_COMPR_FL    (c)
 * </pre>
 *
 * Not applied: IMMUTABLE (i) and APPEND (a), because they would make the next incremental receive
 * into a snapshot of this subvolume (or into the same mirror) fail on every change to such a file;
 * NODATASUM, READONLY and PREALLOC, which are btrfs-internal; RO_VERITY, which is ENABLE_VERITY's.
 */
final class InodeFlagMapping {
    private static final long NODATACOW = 1L << 1;
    private static final long NOCOMPRESS = 1L << 3;
    private static final long SYNC = 1L << 5;
    private static final long IMMUTABLE = 1L << 6;
    private static final long APPEND = 1L << 7;
    private static final long NODUMP = 1L << 8;
    private static final long NOATIME = 1L << 9;
    private static final long DIRSYNC = 1L << 10;
    private static final long COMPRESS = 1L << 11;

    /** Every FS_*_FL flag ferry sets or clears; other flags of a file are left as they are. */
    static final int MANAGED = InodeFlags.FS_NOCOW_FL | InodeFlags.FS_NOCOMP_FL | InodeFlags.FS_SYNC_FL
            | InodeFlags.FS_NODUMP_FL | InodeFlags.FS_NOATIME_FL | InodeFlags.FS_DIRSYNC_FL | InodeFlags.FS_COMPR_FL;

    private InodeFlagMapping() {
    }

    /** The FS_*_FL equivalents of the btrfs flags ferry applies. */
    static int toFsFlags(long btrfsFlags) {
        int fs = 0;
        fs |= (btrfsFlags & NODATACOW) != 0 ? InodeFlags.FS_NOCOW_FL : 0;
        fs |= (btrfsFlags & NOCOMPRESS) != 0 ? InodeFlags.FS_NOCOMP_FL : 0;
        fs |= (btrfsFlags & SYNC) != 0 ? InodeFlags.FS_SYNC_FL : 0;
        fs |= (btrfsFlags & NODUMP) != 0 ? InodeFlags.FS_NODUMP_FL : 0;
        fs |= (btrfsFlags & NOATIME) != 0 ? InodeFlags.FS_NOATIME_FL : 0;
        fs |= (btrfsFlags & DIRSYNC) != 0 ? InodeFlags.FS_DIRSYNC_FL : 0;
        fs |= (btrfsFlags & COMPRESS) != 0 ? InodeFlags.FS_COMPR_FL : 0;
        return fs;
    }

    /** Whether {@code btrfsFlags} has immutable or append-only, which ferry does not apply. */
    static boolean hasProtectionFlags(long btrfsFlags) {
        return (btrfsFlags & (IMMUTABLE | APPEND)) != 0;
    }
}
