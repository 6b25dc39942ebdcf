package dev.ferry.cli;

import dev.ferry.scheduler.transfer.NonClosingOutputStream;
import dev.ferry.send.SendException;
import dev.ferry.send.SendRequest;
import dev.ferry.send.SendSession;
import dev.ferry.stream.ResumeToken;
import dev.ferry.stream.StreamWriter;
import dev.ferry.stream.WriterOptions;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry send}: writes the send stream of one or more read-only snapshots, full or
 * incremental from a parent, zstd-framed unless {@code --raw}. Several snapshots give several
 * concatenated streams, like {@code btrfs send A B}.
 */
@Command(name = "send", sortOptions = false,
        description = {"Writes a Btrfs send stream of read-only snapshots (zstd-framed unless --raw).",
                "Exit status: 0 sent, 1 the send failed, 2 bad arguments."})
public final class SendCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "-p", paramLabel = "PARENT",
            description = "Send incrementally from PARENT, a read-only snapshot the receiver already has.")
    Path parent;

    @Option(names = "-c", paramLabel = "CLONE_SOURCE",
            description = "A read-only snapshot the receiver already has, to clone shared data from (repeatable).")
    List<Path> cloneSources = new ArrayList<>();

    @Parameters(arity = "1..*", paramLabel = "SNAPSHOT", description = "Read-only snapshots to send.")
    List<Path> snapshots;

    @Option(names = "-f", paramLabel = "FILE", description = "Write the stream to FILE instead of standard output.")
    Path file;

    @Option(names = "--raw", description = "Write a plain btrfs send stream, without zstd framing.")
    boolean raw;

    @Option(names = "--proto", paramLabel = "1|2", defaultValue = "1",
            description = "Send stream version (default ${DEFAULT-VALUE}; every btrfs receive accepts 1).")
    int protocol;

    @Option(names = "--level", paramLabel = "N", defaultValue = "" + WriterOptions.DEFAULT_ZSTD_LEVEL,
            description = "zstd compression level (default ${DEFAULT-VALUE}).")
    int level;

    /**
     * Compression off the sending thread: with workers, zstd compresses while the sender reads and
     * encodes the next data. A full send of the 1.5 GiB bench tree on 2 busy cores took 42-95 s with
     * 0 workers, 29-45 s with 1 and 22-31 s with 2, for the same CPU time (bench/send.sh).
     */
    static final String DEFAULT_THREADS = "2";

    @Option(names = "--threads", paramLabel = "N", defaultValue = DEFAULT_THREADS,
            description = "zstd worker threads, compressing while the stream is read and encoded "
                    + "(default ${DEFAULT-VALUE}; 0: compress in the sending thread).")
    int threads;

    @Option(names = "--resume-from", paramLabel = "TOKEN",
            description = {"Continue an interrupted receive: regenerate the stream, check that its prefix is the one the "
                    + "receiver has (the token's digest) and send only the rest (ferry receive only).",
                    "TOKEN: `ferry receive --show-resume-token DEST/NAME`; one SNAPSHOT, the same -p and -c as before."})
    String resumeFrom;

    /** Whether standard output is a terminal; replaced in tests. */
    BooleanSupplier stdoutIsTerminal = () -> System.console() != null;

    /** Where the stream goes without -f; replaced in tests. */
    OutputStream stdout = new FileOutputStream(FileDescriptor.out);

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (protocol != 1 && protocol != 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--proto must be 1 or 2, not " + protocol);
        }
        Optional<ResumeToken> token = Optional.empty();
        WriterOptions options;
        try {
            if (resumeFrom != null) {
                token = Optional.of(ResumeToken.parse(resumeFrom.strip()));
                if (snapshots.size() != 1) {
                    throw new IllegalArgumentException("--resume-from continues one subvolume: give exactly one SNAPSHOT");
                }
                if (!spec.commandLine().getParseResult().hasMatchedOption("--proto")) {
                    protocol = token.get().version(); // the version of the interrupted stream
                }
            }
            options = raw ? WriterOptions.raw(protocol) : WriterOptions.zstd(protocol, level, threads);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (file == null && stdoutIsTerminal.getAsBoolean()) {
            err.println("ferry send: refusing to write a binary stream to a terminal; use -f FILE or redirect standard output");
            return 2;
        }
        try {
            send(options, token, err);
            return 0;
        } catch (SendException | IOException e) {
            err.println("ferry send: " + e.getMessage());
            deletePartialFile(err);
            return 1;
        } finally {
            err.flush();
        }
    }

    private void send(WriterOptions options, Optional<ResumeToken> token, PrintWriter err) throws SendException, IOException {
        try (OutputStream out = file == null ? new NonClosingOutputStream(stdout) : Files.newOutputStream(file);
             StreamWriter writer = token.isPresent() ? StreamWriter.resume(out, options, token.get()) : StreamWriter.open(out, options)) {
            for (Path snapshot : snapshots) {
                SendRequest request = new SendRequest(snapshot, Optional.ofNullable(parent), cloneSources, protocol);
                SendSession.send(request, writer::write, notice -> err.println("ferry send: " + notice));
            }
        }
    }

    /** A stream cut short must not look like a complete one. */
    private void deletePartialFile(PrintWriter err) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            err.println("ferry send: could not delete the incomplete " + file + ": " + e.getMessage());
        }
    }
}
