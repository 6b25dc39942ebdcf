package dev.ferry.scheduler.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * One job at a time per source volume: an exclusive {@code flock}-style lock on
 * {@code <snapshot dir>/.ferry-<volume>.lock}, held for the whole snapshot-send-prune run, so
 * overlapping cron runs (a slow backup still going when the next one starts) do not snapshot,
 * send or prune the same volume at once. The kernel drops the lock when the process dies, so a
 * crash leaves nothing to clean up; the file itself stays, empty.
 *
 * <p>A second run waits up to its wait time (default one minute, for the previous run's pruning
 * to finish) and then gives up on that volume with a message naming the lock file.
 */
public final class VolumeLock implements AutoCloseable {
    private static final long POLL_MILLIS = 100;

    private final FileChannel channel;
    private final FileLock lock;

    private VolumeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of {@code volume} in {@code snapshotDir}. */
    public static Path file(Path snapshotDir, String volume) {
        return snapshotDir.resolve(".ferry-" + volume + ".lock");
    }

    /**
     * Takes the lock, waiting up to {@code wait} for another holder.
     *
     * @throws LockedException when another run held it all that time
     */
    public static VolumeLock acquire(Path snapshotDir, String volume, Duration wait) throws IOException, LockedException {
        Files.createDirectories(snapshotDir);
        Path file = file(snapshotDir, volume);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    return new VolumeLock(channel, lock);
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new LockedException("another ferry run is working on " + volume + " (it holds " + file
                            + "; waited " + wait.toSeconds() + " s); giving up on this run");
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
            throw new LockedException("interrupted while waiting for " + file);
        } catch (IOException | LockedException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Null when held elsewhere: by another process, or by another run in this JVM (tests, one config twice). */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** The volume is locked by another run. */
    public static final class LockedException extends Exception {
        private static final long serialVersionUID = 1L;

        public LockedException(String message) {
            super(message);
        }
    }
}
