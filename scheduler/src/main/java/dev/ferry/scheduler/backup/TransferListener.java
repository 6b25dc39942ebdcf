package dev.ferry.scheduler.backup;

/**
 * Told how a send is going, for a progress bar. Called on the sending thread. Sizes are of the
 * send stream itself, before zstd compresses it on the way to the target: that is what the
 * estimate can predict, so bytes, total and ETA are all in the same unit.
 */
public interface TransferListener {
    TransferListener NONE = new TransferListener() {
    };

    /** A send of {@code snapshot} to {@code target} starts. */
    default void started(String target, String snapshot, boolean full) {
    }

    /** The stream is expected to be about {@code streamBytes} long; once, after the change scan. */
    default void estimated(long streamBytes) {
    }

    /** {@code streamBytes} of the stream written so far; called after every command. */
    default void progress(long streamBytes) {
    }

    /** The send ended, well or not, after {@code streamBytes}. */
    default void finished(long streamBytes) {
    }
}
