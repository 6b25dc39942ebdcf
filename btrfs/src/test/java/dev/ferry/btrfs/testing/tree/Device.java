package dev.ferry.btrfs.testing.tree;

/** A device number split as glibc's major()/minor() do; 0:0 for entries that are not devices. */
public record Device(long major, long minor) {
    public static final Device NONE = new Device(0, 0);

    static Device ofRdev(long rdev) {
        long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
        long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
        return new Device(major, minor);
    }

    @Override
    public String toString() {
        return major + ":" + minor;
    }
}
