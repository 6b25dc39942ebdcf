package dev.ferry.receive;

import dev.ferry.btrfs.Errno;
import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.Posix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The file a partial receive keeps its {@link ResumeRecord} in, beside the partial and never in
 * the received tree. Each {@link #write} is one pwrite of {@value ResumeRecord#SIZE} bytes at
 * offset 0 and no fsync: it only has to survive the process (see {@link BootId} for the machine).
 */
final class ResumeLog implements AutoCloseable {
    private final Fd fd;
    private final Path shown;
    private ResumeRecord last;

    private ResumeLog(Fd fd, Path shown) {
        this.fd = fd;
        this.shown = shown;
    }

    /** A new, empty log named {@code name} in {@code dir}, replacing any old one. */
    static ResumeLog create(Fd dir, byte[] name, Path shown) throws NativeException {
        return new ResumeLog(Posix.openat(dir, name, Posix.O_WRONLY | Posix.O_CREAT | Posix.O_TRUNC, 0600), shown);
    }

    /** The existing log named {@code name}, to continue a resumed receive in. */
    static ResumeLog reopen(Fd dir, byte[] name, Path shown, ResumeRecord current) throws NativeException {
        ResumeLog log = new ResumeLog(Posix.openat(dir, name, Posix.O_WRONLY, 0), shown);
        log.last = current;
        return log;
    }

    void write(ResumeRecord record) throws NativeException {
        Posix.pwrite(fd, record.encode(), 0);
        last = record;
    }

    /** The record last written (or found on reopening). */
    ResumeRecord last() {
        return last;
    }

    Path path() {
        return shown;
    }

    @Override
    public void close() throws NativeException {
        fd.close();
    }

    /** The record in {@code dir}/{@code name}: empty when there is no such file; an exception when it is unreadable. */
    static Optional<ResumeRecord> read(Fd dir, byte[] name) throws IOException {
        Fd in;
        try {
            in = Posix.openat(dir, name, Posix.O_RDONLY, 0);
        } catch (NativeException e) {
            if (e.errno() == Errno.ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
        try (in) {
            byte[] bytes = Posix.pread(in, ResumeRecord.SIZE, 0);
            if (bytes.length == 0) {
                return Optional.empty(); // interrupted between creating the file and writing the first record
            }
            return Optional.of(ResumeRecord.decode(bytes));
        }
    }

    /** Removes {@code dir}/{@code name} if it is there. */
    static void remove(Fd dir, byte[] name) throws NativeException {
        try {
            Posix.unlinkat(dir, name);
        } catch (NativeException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
        }
    }
}
