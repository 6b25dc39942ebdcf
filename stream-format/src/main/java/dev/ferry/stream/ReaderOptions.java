package dev.ferry.stream;

/**
 * How a {@link StreamReader} guards itself against hostile input, and whether it may reuse memory.
 *
 * @param maxCommandLength the largest command payload accepted, in bytes. The kernel never sends
 *     more than 144 KiB (more on 64 KiB-page systems); the default, 16 MiB, leaves room for other
 *     encoders while bounding the memory a bogus length can claim.
 * @param reuseBuffers false (the default): every command is an immutable value the caller may keep
 *     as long as it likes. True: the reader decodes every command into one array that it reuses, so
 *     a command's {@link ByteString}s (paths, names, data) are {@linkplain ByteString#isBorrowed()
 *     borrowed}: valid only until the next call to {@link StreamReader#next()} or
 *     {@link StreamReader#close()}, after which they show other bytes. For a consumer that is done
 *     with each command before it asks for the next (a receiver, a dump), this saves allocating,
 *     zeroing and collecting a fresh array per command; whatever such a consumer keeps, it keeps
 *     as {@link ByteString#retain()}. Numbers, UUIDs and times are values in either mode.
 */
public record ReaderOptions(int maxCommandLength, boolean reuseBuffers) {
    public static final int DEFAULT_MAX_COMMAND_LENGTH = 16 << 20;
    public static final ReaderOptions DEFAULT = new ReaderOptions(DEFAULT_MAX_COMMAND_LENGTH);

    public ReaderOptions {
        // A payload lives in one Java array, which cannot hold 2^31 - 1 bytes on common VMs.
        if (maxCommandLength < 0 || maxCommandLength > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxCommandLength out of range: " + maxCommandLength);
        }
    }

    /** Immutable commands, the safe default. */
    public ReaderOptions(int maxCommandLength) {
        this(maxCommandLength, false);
    }

    public ReaderOptions withMaxCommandLength(int maxCommandLength) {
        return new ReaderOptions(maxCommandLength, reuseBuffers);
    }

    /** These options with borrowed commands, valid only until the next read: see {@link #reuseBuffers()}. */
    public ReaderOptions reusingBuffers() {
        return new ReaderOptions(maxCommandLength, true);
    }
}
