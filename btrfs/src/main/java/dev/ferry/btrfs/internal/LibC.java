package dev.ferry.btrfs.internal;

import java.nio.ByteBuffer;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
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

    // ---- Directory-relative file system calls (all present in glibc 2.33+; mknodat and fstatat
    // were macros over __xmknodat/__fxstatat before that, so statx is used for stat instead).

    int AT_SYMLINK_NOFOLLOW = 0x100;
    int AT_REMOVEDIR = 0x200;
    int AT_EMPTY_PATH = 0x1000;

    @SaveError
    int mkdirat(int dirfd, @In byte[] path, int mode);

    /** {@code dev} is a glibc dev_t (see {@code DeviceNumber#encoded}). */
    @SaveError
    int mknodat(int dirfd, @In byte[] path, int mode, long dev);

    @SaveError
    int symlinkat(@In byte[] target, int newdirfd, @In byte[] linkpath);

    @SaveError
    int linkat(int olddirfd, @In byte[] oldpath, int newdirfd, @In byte[] newpath, int flags);

    @SaveError
    int renameat2(int olddirfd, @In byte[] oldpath, int newdirfd, @In byte[] newpath, int flags);

    @SaveError
    int unlinkat(int dirfd, @In byte[] path, int flags);

    @SaveError
    int fchownat(int dirfd, @In byte[] path, int uid, int gid, int flags);

    @SaveError
    int fchown(int fd, int uid, int gid);

    @SaveError
    int fchmodat(int dirfd, @In byte[] path, int mode, int flags);

    @SaveError
    int fchmod(int fd, int mode);

    /** {@code times} is struct timespec[2] (atime, mtime), 32 bytes. */
    @SaveError
    int utimensat(int dirfd, @In byte[] path, ByteBuffer times, int flags);

    @SaveError
    int futimens(int fd, ByteBuffer times);

    @SaveError
    long readlinkat(int dirfd, @In byte[] path, @Out byte[] buf, long size);

    /** {@code buf} is a 256-byte struct statx. */
    @SaveError
    int statx(int dirfd, @In byte[] path, int flags, int mask, ByteBuffer buf);

    /** {@code buf} is a 120-byte struct statfs; f_type is the first long. */
    @SaveError
    int fstatfs(int fd, ByteBuffer buf);

    /** fdopendir takes over {@code fd}; closedir closes it. */
    Pointer fdopendir(int fd);

    /** A struct dirent (glibc x86-64/aarch64: d_ino @0, d_off @8, d_reclen @16, d_type @18, d_name @19), or null at the end. */
    @SaveError
    Pointer readdir(Pointer dir);

    @SaveError
    int closedir(Pointer dir);

    // ---- Calls on open files

    @SaveError
    int fallocate(int fd, int mode, long offset, long len);

    @SaveError
    int ftruncate(int fd, long length);

    @SaveError
    long pwrite(int fd, @In byte[] buf, long count, long offset);

    @SaveError
    long pread(int fd, @Out byte[] buf, long count, long offset);

    /** pwrite from a direct buffer, starting at its position 0 (pass a slice to start elsewhere). */
    @SaveError
    long pwrite(int fd, @In ByteBuffer buf, long count, long offset);

    int SEEK_DATA = 3;
    int SEEK_HOLE = 4;

    @SaveError
    long lseek(int fd, long offset, int whence);

    @SaveError
    int fsync(int fd);

    @SaveError
    int syncfs(int fd);

    int RLIMIT_NOFILE = 7;

    /** struct rlimit is two u64: the soft limit, then the hard one. */
    @SaveError
    int getrlimit(int resource, @Out long[] limits);

    // ---- Extended attributes: the path variants follow the last symlink, which is what makes
    // "/proc/self/fd/N" of an O_PATH descriptor reach the object itself, symlinks included.

    @SaveError
    int setxattr(@In byte[] path, @In byte[] name, @In byte[] value, long size, int flags);

    @SaveError
    long getxattr(@In byte[] path, @In byte[] name, @Out byte[] value, long size);

    @SaveError
    long listxattr(@In byte[] path, @Out byte[] list, long size);

    @SaveError
    int removexattr(@In byte[] path, @In byte[] name);

    @SaveError
    int fsetxattr(int fd, @In byte[] name, @In byte[] value, long size, int flags);

    @SaveError
    long fgetxattr(int fd, @In byte[] name, @Out byte[] value, long size);

    @SaveError
    long flistxattr(int fd, @Out byte[] list, long size);

    @SaveError
    int fremovexattr(int fd, @In byte[] name);

    // ---- Raw system calls without a glibc wrapper

    long SYS_OPENAT2 = 437;

    /** syscall(SYS_openat2, dirfd, path, how, size); glibc 2.36 has no openat2 wrapper. */
    @SaveError
    long syscall(long number, int dirfd, @In byte[] path, ByteBuffer how, long size);

    long SYS_FCHMODAT2 = 452;

    /** syscall(SYS_fchmodat2, dirfd, path, mode, flags): Linux 6.6+, the first fchmodat that takes AT_SYMLINK_NOFOLLOW itself. */
    @SaveError
    long syscall(long number, int dirfd, @In byte[] path, int mode, int flags);

    /** errno of the last call on this thread. */
    static int errno() {
        return Runtime.getRuntime(INSTANCE).getLastError();
    }
}
