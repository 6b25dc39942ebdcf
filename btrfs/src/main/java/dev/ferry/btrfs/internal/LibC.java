package dev.ferry.btrfs.internal;

import java.nio.ByteBuffer;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/**
 * The libc functions ferry calls through jnr-ffi. Paths are NUL-terminated byte arrays (see
 * {@link CString}): file names are bytes, not text. Every function saves errno, read with
 * {@link #errno()} right after a -1 return.
 *
 * <p>ioctl is variadic in glibc; declaring it with three fixed arguments is sound on the x86-64
 * and aarch64 SysV ABIs, where variadic integer and pointer arguments travel in the same registers.
 */
public interface LibC {
    LibC INSTANCE = LibraryLoader.create(LibC.class).load("c");

    int O_RDONLY = 0;
    int O_WRONLY = 01;
    int O_RDWR = 02;
    int O_CREAT = 0100;
    int O_EXCL = 0200;
    int O_NOCTTY = 0400;
    int O_TRUNC = 01000;
    int O_NONBLOCK = 04000;
    int O_DIRECTORY = 0200000;
    int O_NOFOLLOW = 0400000;
    int O_CLOEXEC = 02000000;
    int O_PATH = 010000000;
    int AT_FDCWD = -100;

    @SaveError
    int open(byte[] path, int flags, int mode);

    @SaveError
    int openat(int dirfd, byte[] path, int flags, int mode);

    @SaveError
    int close(int fd);

    @SaveError
    int ioctl(int fd, long request, ByteBuffer arg);

    @SaveError
    int ioctl(int fd, long request, Pointer arg);

    /** For requests whose argument is passed by value (FICLONE's source fd). */
    @SaveError
    int ioctl(int fd, long request, long arg);

    /** errno of the last call on this thread. */
    static int errno() {
        return Runtime.getRuntime(INSTANCE).getLastError();
    }
}
