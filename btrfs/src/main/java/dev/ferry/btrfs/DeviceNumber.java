package dev.ferry.btrfs;

/** A device number as major and minor, the way {@code stat -c '%t %T'} and {@code ls -l} show it. */
public record DeviceNumber(long major, long minor) {
    public static final DeviceNumber NONE = new DeviceNumber(0, 0);

    /** glibc's dev_t encoding (gnu_dev_makedev), as mknodat takes it. */
    public long encoded() {
        return (major & 0xFFFF_F000L) << 32 | (major & 0xFFFL) << 8 | (minor & 0xFFFF_FF00L) << 12 | (minor & 0xFFL);
    }

    /** The inverse of {@link #encoded()}; btrfs send streams carry rdev in this encoding. */
    public static DeviceNumber decode(long dev) {
        long major = (dev >>> 32 & 0xFFFF_F000L) | (dev >>> 8 & 0xFFFL);
        long minor = (dev >>> 12 & 0xFFFF_FF00L) | (dev & 0xFFL);
        return new DeviceNumber(major, minor);
    }
}
