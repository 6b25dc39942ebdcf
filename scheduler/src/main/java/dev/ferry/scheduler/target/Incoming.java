package dev.ferry.scheduler.target;

import java.io.OutputStream;

/**
 * A backup being received: the sender writes the stream (zstd-framed, as {@code ferry send}
 * writes it) into {@link #stream()}, then calls {@link #commit()}, or {@link #abort} on any
 * failure. Until commit returns, the backup must not look complete to {@link Target#list}:
 * a failed or aborted receive leaves nothing, or something listed as incomplete.
 *
 * <p>{@link #close()} aborts unless committed, so try-with-resources is safe.
 */
public interface Incoming extends AutoCloseable {

    /** Where the stream goes. Not to be closed by the caller; {@link #commit()} does it. */
    OutputStream stream();

    /**
     * Ends the stream, waits for the target to finish applying it and seals the backup.
     *
     * @return the backup now held
     * @throws TargetException when the target could not receive the stream; the backup is then
     *     given up as by {@link #abort}
     */
    Backup commit() throws TargetException;

    /** Gives the backup up: whatever was received is removed or left marked incomplete. Idempotent. */
    void abort(Throwable cause);

    /** Aborts unless committed. */
    @Override
    void close();
}
