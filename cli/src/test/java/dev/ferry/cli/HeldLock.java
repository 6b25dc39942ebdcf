package dev.ferry.cli;

import dev.ferry.scheduler.backup.VolumeLock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** A volume's lock held by the test, as a cron run of ferry backup would hold it; released once. */
final class HeldLock implements AutoCloseable {
    private VolumeLock lock;

    private HeldLock(VolumeLock lock) {
        this.lock = lock;
    }

    static HeldLock hold(Path snapshotDir, String volume) throws Exception {
        return new HeldLock(VolumeLock.acquire(snapshotDir, volume, Duration.ZERO));
    }

    synchronized void release() throws IOException {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    @Override
    public void close() throws IOException {
        release();
    }
}
