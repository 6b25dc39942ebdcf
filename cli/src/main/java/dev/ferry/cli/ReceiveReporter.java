package dev.ferry.cli;

import dev.ferry.receive.ReceiveListener;
import dev.ferry.receive.ReceivedSubvolume;
import dev.ferry.receive.SubvolumeStart;
import java.io.PrintWriter;

/**
 * What a command that receives streams says on stderr, in btrfs receive's words: "At subvol X" /
 * "At snapshot X" per stream (unless quiet), warnings (unless quiet), and with verbose, what was
 * received and the receiver's details.
 */
final class ReceiveReporter implements ReceiveListener {
    private final PrintWriter err;
    private final String command;
    private final boolean quiet;
    private final boolean verbose;
    private final boolean dryRun;

    /** {@code command} prefixes the lines, e.g. "ferry receive". */
    ReceiveReporter(PrintWriter err, String command, boolean quiet, boolean verbose, boolean dryRun) {
        this.err = err;
        this.command = command;
        this.quiet = quiet;
        this.verbose = verbose;
        this.dryRun = dryRun;
    }

    @Override
    public void subvolumeStarted(SubvolumeStart start) {
        if (!quiet) {
            err.println((start.incremental() ? "At snapshot " : "At subvol ") + start.displayName());
            err.flush();
        }
    }

    @Override
    public void subvolumeFinished(ReceivedSubvolume received) {
        if (verbose) {
            err.println(command + ": " + received.path() + (dryRun ? " would be received" : " received")
                    + " (received_uuid " + received.start().uuid() + ", stransid " + received.start().ctransid() + ")");
        }
    }

    @Override
    public void warning(String message) {
        if (!quiet) {
            err.println(command + ": warning: " + message);
            err.flush();
        }
    }

    @Override
    public void detail(String message) {
        if (verbose) {
            err.println(command + ": " + message);
        }
    }
}
