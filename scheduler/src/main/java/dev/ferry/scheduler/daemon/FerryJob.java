package dev.ferry.scheduler.daemon;

import java.util.concurrent.atomic.AtomicReference;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
import org.quartz.PersistJobDataAfterExecution;

/**
 * The Quartz job of one volume; each of the volume's schedules is a trigger of it. Quartz never
 * runs one job twice at once, in one daemon or across a cluster, so no two jobs of a volume
 * overlap. Its data (the skip marks of {@code overlap: skip}) are kept after every run.
 */
@DisallowConcurrentExecution
@PersistJobDataAfterExecution
public final class FerryJob implements InterruptableJob {
    private final Daemon daemon;
    private final AtomicReference<Abort> abort = new AtomicReference<>();

    FerryJob(Daemon daemon) {
        this.daemon = daemon;
    }

    @Override
    public void execute(JobExecutionContext context) {
        Abort a = new Abort(Thread.currentThread());
        abort.set(a);
        try {
            daemon.run(context, a);
        } finally {
            abort.set(null);
            Thread.interrupted(); // an abort's interrupt must not outlive the run on Quartz's pooled thread
        }
    }

    /** Called by the daemon when the grace period after SIGTERM is over. */
    @Override
    public void interrupt() {
        Abort a = abort.get();
        if (a != null) {
            a.request();
        }
    }
}
