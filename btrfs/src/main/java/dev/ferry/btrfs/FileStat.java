package dev.ferry.btrfs;

import java.time.Instant;
import java.util.Optional;

/**
 * The attributes of one file as statx(2) reports them, with nanosecond times: what a receiver
 * checks and what a tree comparison compares.
 *
 * @param mode    file type and permission bits (st_mode)
 * @param blocks  allocated 512-byte blocks
 * @param rdev    the device a character or block device node stands for
 * @param device  the device the file lives on (differs per btrfs subvolume)
 * @param btime   creation time, if the file system reports it
 */
public record FileStat(
        int mode,
        long uid,
        long gid,
        long size,
        long blocks,
        long inode,
        long nlink,
        DeviceNumber rdev,
        DeviceNumber device,
        Instant atime,
        Instant mtime,
        Instant ctime,
        Optional<Instant> btime) {

    public int type() {
        return mode & Posix.S_IFMT;
    }

    /** Permission bits including setuid, setgid and sticky (mode &amp; 07777). */
    public int permissions() {
        return mode & 07777;
    }

    public boolean isDirectory() {
        return type() == Posix.S_IFDIR;
    }

    public boolean isRegularFile() {
        return type() == Posix.S_IFREG;
    }

    public boolean isSymlink() {
        return type() == Posix.S_IFLNK;
    }
}
