package dev.ferry.stream;

/**
 * How a {@link StreamReader} guards itself against hostile input.
 *
 * @param maxCommandLength the largest command payload accepted, in bytes. The kernel never sends
 *     more than 144 KiB (more on 64 KiB-page systems); the default, 16 MiB, leaves room for other
 *     encoders while bounding the memory a bogus length can claim.
 */
public record ReaderOptions(int maxCommandLength) {
    public static final int DEFAULT_MAX_COMMAND_LENGTH = 16 << 20;
    public static final ReaderOptions DEFAULT = new ReaderOptions(DEFAULT_MAX_COMMAND_LENGTH);

    public ReaderOptions {
        // A payload lives in one Java array, which cannot hold 2^31 - 1 bytes on common VMs.
        if (maxCommandLength < 0 || maxCommandLength > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxCommandLength out of range: " + maxCommandLength);
        }
    }

    public ReaderOptions withMaxCommandLength(int maxCommandLength) {
        return new ReaderOptions(maxCommandLength);
    }
}
