package dev.ferry.send;

import dev.ferry.btrfs.items.FileExtentItem;

/** One EXTENT_DATA item of a file: what {@code item} maps at file offset {@code offset}. */
public record Extent(long offset, FileExtentItem item) {

    /** The file offset just past what the item maps (an inline extent maps its decoded length). */
    public long end() {
        return offset + length();
    }

    public long length() {
        return item instanceof FileExtentItem.OnDisk onDisk ? onDisk.numBytes() : item.ramBytes();
    }
}
