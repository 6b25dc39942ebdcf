package dev.ferry.scheduler.target;

import dev.ferry.receive.ReceiveException;
import dev.ferry.receive.ReceiveOptions;
import dev.ferry.receive.ReceiveResult;
import dev.ferry.receive.ReceivedSubvolume;
import dev.ferry.receive.Receiver;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A local btrfs receive in this process: the sender writes into a {@link StreamPipe}, ferry's
 * {@link Receiver} reads it on a second thread.
 *
 * <p>The receiver takes the end of its input as the end of the last subvolume, so a failed send
 * must never just close the pipe: {@link #abort} fails it instead, the receiver gives the partial
 * subvolume up (it fills it under a temporary name), and if the stream had already reached its
 * END, the finished subvolume is deleted too: an aborted backup is not a backup.
 */
final class InProcessReceive implements Incoming {
    private static final int PIPE_BYTES = 1 << 20;

    private final LocalBtrfsTarget target;
    private final Series series;
    private final StreamDescription stream;
    private final Path backup;
    private final StreamPipe pipe = new StreamPipe(PIPE_BYTES);
    private final OutputStream sink = pipe.sink();
    private final Thread receiver;
    private volatile ReceiveResult result;
    private volatile Throwable failure;
    private boolean finished;

    InProcessReceive(LocalBtrfsTarget target, Series series, StreamDescription stream, Path backup) {
        this.target = target;
        this.series = series;
        this.stream = stream;
        this.backup = backup;
        this.receiver = new Thread(this::receive, "ferry-receive " + stream.name());
        receiver.setDaemon(true);
        receiver.start();
    }

    private void receive() {
        try {
            result = Receiver.receive(pipe.source(), target.address().dir(), ReceiveOptions.defaults());
        } catch (ReceiveException | RuntimeException e) {
            failure = e;
        }
    }

    @Override
    public OutputStream stream() {
        return sink;
    }

    @Override
    public Backup commit() throws TargetException {
        if (finished) {
            throw new IllegalStateException("already committed or aborted");
        }
        finished = true;
        pipe.end();
        await();
        if (failure != null) {
            target.discardPartial(series, stream, backup);
            throw new TargetException(target.address() + ": receiving " + stream.name() + " failed: "
                    + failure.getMessage(), failure);
        }
        if (result.subvolumes().size() != 1 || !result.subvolumes().get(0).path().equals(backup)) {
            discardReceived();
            throw new TargetException(target.address() + ": the stream for " + stream.name() + " held "
                    + result.subvolumes().stream().map(s -> String.valueOf(s.path().getFileName())).toList()
                    + " instead of one subvolume of that name");
        }
        return target.received(series, stream);
    }

    @Override
    public void abort(Throwable cause) {
        if (finished) {
            return;
        }
        finished = true;
        pipe.fail(cause);
        await();
        discardReceived();
        target.discardPartial(series, stream, backup);
    }

    /** Deletes whatever this receive completed. */
    private void discardReceived() {
        if (result != null) {
            for (ReceivedSubvolume s : result.subvolumes()) {
                target.discard(s.path());
            }
        }
    }

    @Override
    public void close() {
        abort(new IllegalStateException("closed without commit"));
    }

    private void await() {
        try {
            receiver.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pipe.fail(e);
        }
    }
}
