package dev.ferry.btrfs.items;

/**
 * The on-disk compression of a file extent. These codes differ from the encoded-I/O ones
 * (on disk zstd is 3, in ENCODED_READ/WRITE it is 2).
 */
public enum Compression {
    NONE, ZLIB, LZO, ZSTD;

    /** The on-disk code: 0 none, 1 zlib, 2 lzo, 3 zstd. */
    public int code() {
        return ordinal();
    }

    public static Compression of(int code) {
        Compression[] all = values();
        if (code < 0 || code >= all.length) {
            throw new ItemFormatException("unknown file extent compression " + code);
        }
        return all[code];
    }
}
