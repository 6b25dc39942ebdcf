package dev.ferry.btrfs;

import dev.ferry.btrfs.internal.CString;
import dev.ferry.btrfs.internal.LibC;
import java.nio.file.Path;

/**
 * An open file descriptor, closed exactly once. It remembers the path it was opened with, so
 * that errors of the calls made on it can name that path.
 */
public final class Fd implements AutoCloseable {
    private final int fd;
    private final String path;
    private boolean closed;

    private Fd(int fd, String path) {
        this.fd = fd;
        this.path = path;
    }

    /** Adopts a raw descriptor; {@code path} is for messages. */
    public static Fd adopt(int fd, String path) {
        return new Fd(fd, path);
    }

    /** Opens a directory read-only: what most btrfs ioctls act on. */
    public static Fd openDirectory(Path dir) throws NativeException {
        return open(dir, LibC.O_RDONLY | LibC.O_DIRECTORY);
    }

    /** open(2) with {@code flags} (O_CLOEXEC is always added). */
    public static Fd open(Path path, int flags) throws NativeException {
        return open(path, flags, 0);
    }

    public static Fd open(Path path, int flags, int mode) throws NativeException {
        int fd = LibC.INSTANCE.open(CString.of(path), flags | LibC.O_CLOEXEC, mode);
        if (fd < 0) {
            throw new NativeException("open", path.toString(), LibC.errno());
        }
        return new Fd(fd, path.toString());
    }

    public int raw() {
        if (closed) {
            throw new IllegalStateException("file descriptor for " + path + " is closed");
        }
        return fd;
    }

    /** The path this descriptor was opened with, for messages. */
    public String path() {
        return path;
    }

    @Override
    public void close() throws NativeException {
        if (closed) {
            return;
        }
        closed = true;
        if (LibC.INSTANCE.close(fd) != 0) {
            throw new NativeException("close", path, LibC.errno());
        }
    }

    @Override
    public String toString() {
        return "fd " + fd + " (" + path + ")";
    }
}
