package dev.ferry.scheduler.target;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A local btrfs receive: the sender's zstd stream goes through a {@link StreamPipe}, is
 * decompressed on a second thread and fed to {@code btrfs receive DIR}.
 *
 * <p>Failure handling is the point of this class. btrfs receive seals (read-only, received_uuid)
 * the subvolume it is filling when its input simply ends, so on any failure the process is killed
 * <em>before</em> its input is closed, and what it left under the backup's name is deleted: a
 * failed receive never leaves a backup that looks complete.
 *
 * <p>To be replaced by ferry's own in-process {@code Receiver} once the receive module is on main;
 * the {@link Incoming} contract stays.
 */
final class BtrfsReceiveProcess implements Incoming {
    private static final int PIPE_BYTES = 1 << 20;

    private final LocalBtrfsTarget target;
    private final Series series;
    private final StreamDescription stream;
    private final Path backup;
    private final StreamPipe pipe = new StreamPipe(PIPE_BYTES);
    private final Process process;
    private final Thread feeder;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread stderrReader;
    private volatile IOException feedFailure;
    private boolean finished;

    BtrfsReceiveProcess(LocalBtrfsTarget target, Series series, StreamDescription stream, Path backup) throws IOException {
        this.target = target;
        this.series = series;
        this.stream = stream;
        this.backup = backup;
        this.process = new ProcessBuilder("btrfs", "receive", target.address().dir().toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        this.stderrReader = daemon("ferry-receive-stderr", () -> copyQuietly(process.getErrorStream(), stderr));
        this.feeder = daemon("ferry-receive-feed", this::feed);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Decompresses the pipe into btrfs receive; closes its input only after a clean end. */
    private void feed() {
        try (InputStream in = new ZstdInputStream(pipe.source())) {
            OutputStream out = process.getOutputStream();
            in.transferTo(out);
            out.close();
        } catch (IOException e) {
            feedFailure = e;
            process.destroyForcibly(); // before its input closes: an ended input would seal the subvolume
        }
    }

    private static void copyQuietly(InputStream in, OutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process is gone; its exit status tells
        }
    }

    @Override
    public OutputStream stream() {
        return pipe.sink();
    }

    @Override
    public Backup commit() throws TargetException {
        if (finished) {
            throw new IllegalStateException("already committed or aborted");
        }
        finished = true;
        pipe.end();
        int status = awaitEnd();
        if (feedFailure != null || status != 0) {
            target.discardPartial(series, stream, backup);
            String why = feedFailure != null ? feedFailure.getMessage() : lastLine(stderr.toString(StandardCharsets.UTF_8));
            throw new TargetException(target.address() + ": receiving " + stream.name() + " failed: " + why);
        }
        return target.received(series, stream);
    }

    @Override
    public void abort(Throwable cause) {
        if (finished) {
            return;
        }
        finished = true;
        process.destroyForcibly();
        pipe.fail(cause);
        awaitEnd();
        target.discardPartial(series, stream, backup);
    }

    @Override
    public void close() {
        abort(new IOException("closed without commit"));
    }

    private int awaitEnd() {
        try {
            feeder.join();
            process.waitFor(1, TimeUnit.HOURS);
            stderrReader.join(10_000);
            return process.isAlive() ? -1 : process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 || lines[lines.length - 1].isBlank() ? "btrfs receive failed" : lines[lines.length - 1].strip();
    }
}
