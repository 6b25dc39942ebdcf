package dev.ferry.btrfs.internal;

import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.NativeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Request numbers and the one way ferry issues an ioctl: on an {@link Fd}, with a direct
 * native-order buffer as the argument struct, turning -1 into a {@link NativeException} that
 * names the request and the path.
 */
public final class Ioctl {
    private Ioctl() {
    }

    private static final int NONE = 0;
    private static final int WRITE = 1;
    private static final int READ = 2;
    private static final int READ_WRITE = 3;
    private static final int BTRFS = 0x94;

    /** The kernel's _IOC(dir, type, nr, size); the result is an unsigned 32-bit value. */
    public static long request(int dir, int type, int nr, int size) {
        return ((long) dir << 30 | (long) size << 16 | (long) type << 8 | nr) & 0xFFFF_FFFFL;
    }

    public static long io(int type, int nr) {
        return request(NONE, type, nr, 0);
    }

    public static long ior(int type, int nr, int size) {
        return request(READ, type, nr, size);
    }

    public static long iow(int type, int nr, int size) {
        return request(WRITE, type, nr, size);
    }

    public static long iowr(int type, int nr, int size) {
        return request(READ_WRITE, type, nr, size);
    }

    public static long btrfsIo(int nr) {
        return io(BTRFS, nr);
    }

    public static long btrfsIor(int nr, int size) {
        return ior(BTRFS, nr, size);
    }

    public static long btrfsIow(int nr, int size) {
        return iow(BTRFS, nr, size);
    }

    public static long btrfsIowr(int nr, int size) {
        return iowr(BTRFS, nr, size);
    }

    /** A zeroed direct buffer in native byte order for an argument struct of {@code size} bytes. */
    public static ByteBuffer struct(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }

    /** The largest struct {@link #scratch} hands out: a struct statx. */
    public static final int SCRATCH_CAPACITY = 256;
    private static final byte[] ZEROS = new byte[SCRATCH_CAPACITY];
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> struct(SCRATCH_CAPACITY));

    /**
     * As {@link #struct}, but this thread's one reused buffer, zeroed again (its limit is
     * {@code size}): for a struct that lives only during one call, such as statx's result or
     * utimensat's times. It is handed out again by the next call on this thread, so it must not be
     * kept, nor used across another call that may take it. A direct buffer costs an allocation, a
     * Cleaner and a Bits reservation; a receive makes some 150,000 such calls for 30,000 files.
     */
    public static ByteBuffer scratch(int size) {
        if (size > SCRATCH_CAPACITY) {
            throw new IllegalArgumentException("scratch struct of " + size + " bytes, more than " + SCRATCH_CAPACITY);
        }
        ByteBuffer buffer = SCRATCH.get();
        buffer.clear().put(0, ZEROS, 0, size).limit(size);
        return buffer;
    }

    /** Issues {@code request} on {@code fd}; {@code name} is the request's name for messages (e.g. "SNAP_CREATE_V2"). */
    public static int call(Fd fd, String name, long request, ByteBuffer arg) throws NativeException {
        int rc = LibC.INSTANCE.ioctl(fd.raw(), request, arg);
        if (rc < 0) {
            throw new NativeException(name, fd.path(), LibC.errno());
        }
        return rc;
    }

    /**
     * As {@link #call(Fd, String, long, ByteBuffer)}, naming {@code subject} in the message instead
     * of the fd's path: for requests on a parent directory about one of its entries.
     */
    public static int call(Fd fd, String name, long request, ByteBuffer arg, String subject) throws NativeException {
        int rc = LibC.INSTANCE.ioctl(fd.raw(), request, arg);
        if (rc < 0) {
            throw new NativeException(name, subject, LibC.errno());
        }
        return rc;
    }

    /** Issues {@code request} with an argument passed by value. */
    public static int call(Fd fd, String name, long request, long arg) throws NativeException {
        int rc = LibC.INSTANCE.ioctl(fd.raw(), request, arg);
        if (rc < 0) {
            throw new NativeException(name, fd.path(), LibC.errno());
        }
        return rc;
    }
}
