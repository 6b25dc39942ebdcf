package dev.ferry.btrfs.internal;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.Pinned;
import jnr.ffi.annotations.SaveError;

/**
 * libc calls that read straight into a Java array: jnr-ffi pins the array for the call instead of
 * reading into a native buffer and copying that back, as it does for {@link LibC}'s arrays. For
 * reads of a whole send WRITE (128 KiB) the copy and the zeroing of the native buffer cost more than
 * the system call. The array stays pinned, holding off the garbage collector, for as long as the
 * call lasts: use it only where that is short, like a read of a regular file.
 *
 * <p>A separate interface because jnr-ffi names the C function after the Java method, and
 * {@link LibC#pread} has the same Java signature. errno is read with {@link #errno()}.
 */
public interface PinnedIo {
    PinnedIo INSTANCE = LibraryLoader.create(PinnedIo.class).load("c");

    @SaveError
    long pread(int fd, @Pinned @Out byte[] buf, long count, long offset);

    /** errno of the last call on this thread. */
    static int errno() {
        return jnr.ffi.Runtime.getRuntime(INSTANCE).getLastError();
    }
}
