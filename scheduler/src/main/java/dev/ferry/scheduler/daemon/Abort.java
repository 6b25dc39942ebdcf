package dev.ferry.scheduler.daemon;

import dev.ferry.scheduler.backup.TransferListener;

/**
 * A running job's abort switch. A send checks it after every command it writes (through the
 * transfer listener): when it is on, the send fails with {@link Aborted}, and the sender aborts
 * the receive, so the target keeps nothing that looks complete. Outside a send (waiting for a
 * volume lock held by a cron run, say) the job's thread is interrupted instead; during a send it
 * never is, since an interrupt would close channels under the receive's feet.
 */
final class Abort implements TransferListener {
    private final Thread worker;
    private boolean requested;
    private boolean sending;

    Abort(Thread worker) {
        this.worker = worker;
    }

    synchronized void request() {
        requested = true;
        if (!sending) {
            worker.interrupt();
        }
    }

    synchronized boolean requested() {
        return requested;
    }

    /** Throws when aborted; called between the steps of a job. */
    synchronized void check() {
        if (requested) {
            throw new Aborted();
        }
    }

    @Override
    public synchronized void started(String target, String snapshot, boolean full) {
        sending = true;
        check();
    }

    @Override
    public void estimated(long streamBytes) {
        check();
    }

    @Override
    public void progress(long streamBytes) {
        check();
    }

    @Override
    public synchronized void finished(long streamBytes) {
        sending = false;
    }

    /** The daemon is stopping and its grace period is over. */
    static final class Aborted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Aborted() {
            super("aborted: ferry daemon is stopping and the grace period is over");
        }
    }
}
