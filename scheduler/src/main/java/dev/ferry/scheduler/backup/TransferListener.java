package dev.ferry.scheduler.backup;

/** Told how a send is going, for a progress bar. Called on the sending thread. */
public interface TransferListener {
    TransferListener NONE = new TransferListener() {
    };

    /** A send of {@code snapshot} to {@code target} starts. */
    default void started(String target, String snapshot, boolean full) {
    }

    /** {@code bytes} written to the target so far; called often, at most every few KiB. */
    default void progress(long bytes) {
    }

    /** The send ended, well or not. */
    default void finished(long bytes) {
    }
}
