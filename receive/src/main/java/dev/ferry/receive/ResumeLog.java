package dev.ferry.receive;

import dev.ferry.btrfs.Errno;
import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.NativeException;
import dev.ferry.btrfs.Posix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The file a partial receive keeps its {@link ResumeRecord} in, beside the partial and never in
 * the received tree. Each {@link #write} is one pwrite of {@value ResumeRecord#SIZE} bytes at
 * offset 0 and no fsync: it only has to survive the process (see {@link BootId} for the machine).
 *
 * <p>The receive holds an exclusive lock on the file (fcntl, released when the process ends, killed
 * or not), so that a listing or a resume that comes while it still runs (a sender retrying at once
 * after a cut connection, the receiver not yet done) waits for its last record instead of reading
 * one that is about to change.
 */
final class ResumeLog implements AutoCloseable {
    /** How long a resume waits for a receive that is still finishing. */
    static final long RESUME_WAIT_MILLIS = 30_000;
    /** How long a listing waits; then it reports the partial as busy rather than block. */
    static final long LIST_WAIT_MILLIS = 5_000;
    private static final long POLL_MILLIS = 50;

    private final Fd fd;
    private final Path shown;
    private final FileChannel lockChannel;
    /** Direct, so that a write copies the record once (JNR copies a byte[] in and out around the call). */
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(ResumeRecord.SIZE);
    private ResumeRecord last;

    private ResumeLog(Fd fd, Path shown, FileChannel lockChannel) {
        this.fd = fd;
        this.shown = shown;
        this.lockChannel = lockChannel;
    }

    /** A new, empty log named {@code name} in {@code dir} (shown as {@code shown}, its path), replacing any old one. */
    static ResumeLog create(Fd dir, byte[] name, Path shown) throws IOException {
        return locked(Posix.openat(dir, name, Posix.O_WRONLY | Posix.O_CREAT | Posix.O_TRUNC, 0600), shown);
    }

    /** The existing log named {@code name}, to continue a resumed receive in. */
    static ResumeLog reopen(Fd dir, byte[] name, Path shown, ResumeRecord current) throws IOException {
        ResumeLog log = locked(Posix.openat(dir, name, Posix.O_WRONLY, 0), shown);
        log.last = current;
        return log;
    }

    private static ResumeLog locked(Fd fd, Path shown) throws IOException {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(shown, StandardOpenOption.WRITE);
            if (channel.tryLock() == null) {
                throw new IOException("another receive into " + shown.getParent() + " is running for the same subvolume ("
                        + shown + " is locked)");
            }
            return new ResumeLog(fd, shown, channel);
        } catch (IOException | RuntimeException e) {
            fd.close();
            if (channel != null) {
                channel.close();
            }
            throw e;
        }
    }

    /**
     * Waits up to {@code millis} until no receive holds the log at {@code path} (a receiver that
     * lost its input may still be writing its last record); false if one still does.
     */
    static boolean awaitIdle(Path path, long millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            while (true) {
                FileLock lock = tryShared(channel);
                if (lock != null) {
                    lock.release();
                    return true;
                }
                if (System.currentTimeMillis() > deadline) {
                    return false;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (NoSuchFileException e) {
            return true; // no log, nobody writing one
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the receive into " + path.getParent(), e);
        }
    }

    /** {@link #awaitIdle} for a resume: a receive still running after the wait is an error. */
    static void requireIdle(Path path) throws IOException {
        if (!awaitIdle(path, RESUME_WAIT_MILLIS)) {
            throw new IOException("a receive is still running into " + path.getParent() + " (" + path + " is locked)");
        }
    }

    private static FileLock tryShared(FileChannel channel) throws IOException {
        try {
            return channel.tryLock(0, Long.MAX_VALUE, true);
        } catch (OverlappingFileLockException e) {
            return null; // held by this very process: wait for that receive as for any other
        }
    }

    void write(ResumeRecord record) throws NativeException {
        buffer.clear();
        buffer.put(record.encode()).flip();
        Posix.pwrite(fd, buffer, 0);
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
        try {
            lockChannel.close(); // releases the lock
        } catch (IOException e) {
            // a close failing cannot keep the lock: it goes with the descriptor
        }
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
