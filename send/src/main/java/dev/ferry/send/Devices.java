package dev.ferry.send;

/** Device numbers between the inode item and the stream. */
final class Devices {
    private Devices() {
    }

    /**
     * The inode item holds the kernel's internal dev_t (major &lt;&lt; 20 | minor); the stream
     * carries the "new" userspace encoding ({@code new_encode_dev}), as the kernel sends it.
     */
    static long streamRdev(long onDisk) {
        long major = onDisk >>> 20;
        long minor = onDisk & 0xFFFFF;
        return (minor & 0xFF) | (major << 8) | ((minor & ~0xFFL) << 12);
    }
}
