package dev.ferry.stream;

import java.util.Arrays;

/** The 17-byte stream header: the magic "btrfs-stream\0" and a u32 LE protocol version. */
final class StreamHeader {
    static final byte[] MAGIC = {'b', 't', 'r', 'f', 's', '-', 's', 't', 'r', 'e', 'a', 'm', 0};
    static final int SIZE = MAGIC.length + 4;
    static final int MIN_VERSION = 1;
    static final int MAX_VERSION = 3;

    private StreamHeader() {
    }

    static boolean isSupported(long version) {
        return version >= MIN_VERSION && version <= MAX_VERSION;
    }

    static boolean hasMagic(byte[] header) {
        return Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    static byte[] encode(int version) {
        byte[] header = Arrays.copyOf(MAGIC, SIZE);
        Wire.putInt(header, MAGIC.length, version);
        return header;
    }
}
