package dev.ferry.scheduler.target;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * A backup streaming into {@code ferry target receive DIR} over ssh. The remote ferry fills the
 * subvolume under a temporary name and gives it its name only when the whole stream arrived, so
 * aborting (killing ssh, which ends the remote input without an END) leaves nothing that looks
 * complete there.
 */
final class SshIncoming implements Incoming {
    private static final int BUFFER = 1 << 20;

    private final RemoteFerry remote;
    private final StreamDescription description;
    private final Process process;
    private final RemoteFerry.StderrTail stderr;
    private final OutputStream stream;
    private boolean finished;

    SshIncoming(RemoteFerry remote, StreamDescription description) throws TargetException {
        this.remote = remote;
        this.description = description;
        this.process = remote.start("receive", remote.address().dir().toString());
        this.stderr = RemoteFerry.StderrTail.collect(process);
        this.stream = new RemoteErrors(new BufferedOutputStream(process.getOutputStream(), BUFFER));
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public Backup commit() throws TargetException {
        if (finished) {
            throw new IllegalStateException("the backup of " + description.name() + " was already committed or aborted");
        }
        try {
            stream.close();
        } catch (IOException e) {
            // the remote side stopped reading; its exit status and stderr say why
        }
        int status = waitFor();
        finished = true;
        if (status != 0) {
            throw remote.failure(status, stderr.text());
        }
        return Backup.standalone(description.name(), description.uuid(), description.time());
    }

    @Override
    public void abort(Throwable cause) {
        if (finished) {
            return;
        }
        finished = true;
        process.destroyForcibly();
        waitFor();
    }

    @Override
    public void close() {
        abort(null);
    }

    private int waitFor() {
        try {
            if (process.waitFor(1, TimeUnit.HOURS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        return -1;
    }

    /**
     * Turns "Broken pipe" into the reason the remote side stopped reading: when ferry there fails
     * (no such directory, a full disk) it exits, and the next write fails. The remote's own
     * message is what the user needs.
     */
    private final class RemoteErrors extends FilterOutputStream {
        RemoteErrors(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw remoteFailure(e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw remoteFailure(e);
            }
        }

        private IOException remoteFailure(IOException e) {
            int status = waitFor();
            finished = true;
            TargetException why = remote.failure(status, stderr.text());
            return new IOException(why.getMessage(), e);
        }
    }
}
