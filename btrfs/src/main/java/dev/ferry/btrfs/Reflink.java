package dev.ferry.btrfs;

import dev.ferry.btrfs.internal.Ioctl;
import java.nio.ByteBuffer;

/**
 * Sharing data between files without copying (FICLONE, FICLONERANGE): btrfs, and xfs with
 * reflink. Called on the destination fd, which must be open for writing on the same file system.
 */
public final class Reflink {
    private static final long FICLONE = Ioctl.iow(0x94, 9, 4);
    private static final int CLONE_RANGE_SIZE = 32;
    private static final long FICLONERANGE = Ioctl.iow(0x94, 13, CLONE_RANGE_SIZE);

    private Reflink() {
    }

    /** Makes {@code destination} share all of {@code source}'s data (and take its size). */
    public static void cloneFile(Fd source, Fd destination) throws NativeException {
        Ioctl.call(destination, "FICLONE", FICLONE, source.raw());
    }

    /**
     * Makes {@code length} bytes of {@code destination} at {@code destinationOffset} share the
     * data of {@code source} at {@code sourceOffset}; {@code length} 0 means "to the source's end".
     * Offsets and length must be multiples of the block size, except a range that ends at the
     * source's EOF.
     */
    public static void cloneRange(Fd source, long sourceOffset, long length, Fd destination, long destinationOffset)
            throws NativeException {
        ByteBuffer args = Ioctl.struct(CLONE_RANGE_SIZE);
        args.putLong(0, source.raw());
        args.putLong(8, sourceOffset);
        args.putLong(16, length);
        args.putLong(24, destinationOffset);
        Ioctl.call(destination, "FICLONERANGE", FICLONERANGE, args,
                source.path() + " [" + sourceOffset + ", +" + length + ") -> " + destination.path() + " @" + destinationOffset);
    }
}
