package dev.ferry.btrfs;

/**
 * One reference to a data extent, as LOGICAL_INO_V2 reports it: inode {@code inode} of subvolume
 * {@code root} maps the extent at file offset {@code offset}.
 */
public record ExtentReference(long inode, long offset, long root) {
}
