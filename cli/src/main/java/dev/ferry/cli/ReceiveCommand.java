package dev.ferry.cli;

import dev.ferry.receive.PartialReceive;
import dev.ferry.receive.ReceiveException;
import dev.ferry.receive.ReceiveOptions;
import dev.ferry.receive.ReceiveResult;
import dev.ferry.receive.Receiver;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry receive DEST}: applies a send stream (raw {@code btrfs send} output or zstd-framed)
 * with {@code btrfs receive}'s semantics when DEST is on btrfs, or to a plain directory mirror.
 * Prints "At subvol X" / "At snapshot X" on stderr like progs unless -q. Exit 0 on success, 1 on
 * failure (one line on stderr), 2 on a usage error.
 */
@Command(name = "receive", description = {
        "Receives a btrfs send stream (raw or zstd) from stdin or FILE into DEST.",
        "On btrfs, DEST is the directory that gets the received subvolumes (as btrfs receive); "
                + "with --dir or on another file system, DEST is a directory that mirrors the snapshot."})
final class ReceiveCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DEST", description = "Where the stream goes (with --show-resume-token: DEST/NAME, or the mirror).")
    Path dest;

    @Option(names = "--show-resume-token",
            description = "Print the token to resume the interrupted receive of DEST/NAME (or of the mirror DEST) from, "
                    + "for `ferry send --resume-from`; exit 1 when there is none.")
    boolean showResumeToken;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read the stream from FILE instead of stdin.")
    Path file;

    @Option(names = "--dir", description = "Mirror into the plain directory DEST even on btrfs.")
    boolean directory;

    @Option(names = "--dry-run", description = "Check the whole stream and the destination; write nothing.")
    boolean dryRun;

    @Option(names = "-e", description = "Stop after the first END (btrfs receive -e).")
    boolean stopAtFirstEnd;

    @Option(names = "--force-decompress", description = "Decompress ENCODED_WRITE data instead of writing it encoded.")
    boolean forceDecompress;

    @Option(names = "--no-devices", description = "Refuse character and block devices in the stream "
            + "(for streams from hosts not trusted with this one's devices; fifos and sockets are kept).")
    boolean noDevices;

    @Option(names = {"-v", "--verbose"}, description = "Say more (what was found, warnings' detail).")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Say nothing unless it fails.")
    boolean quiet;

    /** Where the stream comes from when no FILE is given; tests replace it. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ReceiveOptions options = ReceiveOptions.defaults()
                .withTargetKind(directory ? ReceiveOptions.TargetKind.DIRECTORY : ReceiveOptions.TargetKind.AUTO)
                .withStopAtFirstEnd(stopAtFirstEnd)
                .withDryRun(dryRun)
                .withForceDecompress(forceDecompress)
                .withNoDevices(noDevices)
                .withKeepInterrupted(true) // an input that ends early leaves a resumable partial (--show-resume-token)
                .withListener(new ReceiveReporter(err, "ferry receive", quiet, verbose, dryRun));
        if (showResumeToken) {
            return showResumeToken(options, err);
        }
        try (InputStream in = file == null ? stdin : new FileInputStream(file.toFile())) {
            ReceiveResult result = Receiver.receive(in, dest, options);
            if (verbose) {
                err.printf("ferry receive: %s%d subvolume(s), %d commands, %d bytes%n", dryRun ? "checked " : "",
                        result.subvolumes().size(), result.commands(), result.bytes());
            }
            err.flush();
            return 0;
        } catch (FileNotFoundException e) {
            err.println("ferry receive: cannot read " + file + ": " + e.getMessage());
        } catch (ReceiveException e) {
            err.println("ferry receive: " + e.getMessage());
        } catch (java.io.IOException e) {
            err.println("ferry receive: " + e.getMessage());
        }
        err.flush();
        return 1;
    }

    /** On btrfs DEST/NAME names the subvolume (its partial is DEST/.ferry-partial.NAME); a mirror is named by its own path. */
    private int showResumeToken(ReceiveOptions options, PrintWriter err) {
        Path absolute = dest.toAbsolutePath().normalize();
        boolean mirror = directory || absolute.getParent() == null || !java.nio.file.Files.isDirectory(absolute.getParent())
                || java.nio.file.Files.exists(absolute.resolveSibling("." + absolute.getFileName() + ".ferry-state"));
        try {
            Path where = mirror ? absolute : absolute.getParent();
            String name = absolute.getFileName() == null ? "" : absolute.getFileName().toString();
            java.util.Optional<PartialReceive> partial = Receiver.partial(where, name,
                    mirror ? options.withTargetKind(ReceiveOptions.TargetKind.DIRECTORY) : options);
            if (partial.isEmpty()) {
                err.println("ferry receive: no interrupted receive of " + dest + " to resume");
            } else if (partial.get().token().isEmpty()) {
                err.println("ferry receive: " + partial.get().partial() + " cannot be resumed: " + partial.get().status());
            } else {
                spec.commandLine().getOut().println(partial.get().token().get());
                spec.commandLine().getOut().flush();
                return 0;
            }
        } catch (ReceiveException e) {
            err.println("ferry receive: " + e.getMessage());
        }
        err.flush();
        return 1;
    }
}
