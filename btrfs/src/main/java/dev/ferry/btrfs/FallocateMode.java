package dev.ferry.btrfs;

/** The fallocate(2) modes a receiver needs. */
public enum FallocateMode {
    /** Allocate, growing the file if the range ends past EOF. */
    ALLOCATE(0),
    /** Allocate without changing the file size (FALLOC_FL_KEEP_SIZE). */
    KEEP_SIZE(0x01),
    /** Deallocate the range, leaving a hole that reads as zeros (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE). */
    PUNCH_HOLE(0x02 | 0x01);

    private final int flags;

    FallocateMode(int flags) {
        this.flags = flags;
    }

    public int flags() {
        return flags;
    }
}
