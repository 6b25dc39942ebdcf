package dev.ferry.btrfs.testing.tree;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything a receiver must reproduce about one directory entry. Properties that do not apply
 * to the type are neutral: {@code sha256} is "" and {@code dataRanges} empty unless regular,
 * {@code symlinkTarget} empty unless a symlink, {@code device} {@link Device#NONE} unless a device.
 *
 * <p>Deliberately absent: ctime and otime (no receiver can set them), inode flags (btrfs receive
 * ignores FILEATTR), directory sizes (a filesystem artefact: btrfs counts name bytes, ext4
 * blocks) and link counts (the hard-link groups of {@link TreeState} say more). {@code inode} is
 * kept only to group hard links and is never compared.
 */
public record Entry(
        RelativePath path,
        EntryType type,
        int permissions,
        int uid,
        int gid,
        long size,
        Instant mtime,
        Instant atime,
        SortedMap<String, Bytes> xattrs,
        String sha256,
        List<DataRange> dataRanges,
        Bytes symlinkTarget,
        Device device,
        long inode) {

    public Entry {
        xattrs = Collections.unmodifiableSortedMap(new TreeMap<>(xattrs));
        dataRanges = List.copyOf(dataRanges);
    }

    /** The mode bits below the file type: permissions plus setuid, setgid and sticky. */
    public String permissionsOctal() {
        return String.format("%04o", permissions);
    }
}
