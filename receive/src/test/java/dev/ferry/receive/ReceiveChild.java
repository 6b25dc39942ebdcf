package dev.ferry.receive;

import java.io.FileInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * {@code ferry receive} in a process of its own, for tests that kill it: receives the stream file
 * ARGS[1] into ARGS[0], reading it slowly (a pause every ARGS[2] bytes) so that a kill lands in
 * the middle. Prints "receiving" once the subvolume is begun.
 */
public final class ReceiveChild {
    private ReceiveChild() {
    }

    public static void main(String[] args) throws Exception {
        int every = Integer.parseInt(args[2]);
        ReceiveListener announce = new ReceiveListener() {
            @Override
            public void subvolumeStarted(SubvolumeStart start) {
                System.out.println("receiving");
                System.out.flush();
            }
        };
        try (InputStream in = new Slow(new FileInputStream(args[1]), every)) {
            Receiver.receive(in, Path.of(args[0]), ReceiveOptions.defaults().withKeepInterrupted(true).withListener(announce));
            System.out.println("done");
        }
    }

    /** Pauses a millisecond every {@code every} bytes. */
    private static final class Slow extends FilterInputStream {
        private final int every;
        private long sinceSleep;

        Slow(InputStream in, int every) {
            super(in);
            this.every = every;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (sinceSleep >= every) {
                sinceSleep = 0;
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
            int n = super.read(b, off, (int) Math.min(len, Math.max(1, every - sinceSleep)));
            if (n > 0) {
                sinceSleep += n;
            }
            return n;
        }
    }
}
