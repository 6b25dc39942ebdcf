package dev.ferry.cli;

import dev.ferry.stream.Command;
import dev.ferry.stream.ReadAheadInputStream;
import dev.ferry.stream.ReaderOptions;
import dev.ferry.stream.StreamFormatException;
import dev.ferry.stream.StreamReader;
import dev.ferry.stream.dump.DumpException;
import dev.ferry.stream.dump.JsonDumper;
import dev.ferry.stream.dump.StreamDumper;
import dev.ferry.stream.dump.TextDumper;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry dump}: prints a send stream one line per command, as text or JSON. */
@CommandLine.Command(
        name = "dump",
        description = {
                "Prints a btrfs send stream (raw or zstd-compressed) one line per command.",
                "",
                "The text form is byte for byte what `btrfs receive --dump` of btrfs-progs 6.2 prints, "
                        + "times in the local time zone (TZ). --json prints one JSON object per command instead.",
                "",
                "Unlike `btrfs receive --dump`, which stops at the first END, ferry dumps every "
                        + "concatenated stream (as `btrfs send A B` writes them) to the end of the input.",
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
                "0:the whole input was dumped",
                "1:the input is not a valid send stream (the message names the command index and byte offset; "
                        + "everything before it has been printed), or cannot be read",
                "2:usage error",
                "141:the output was closed early, e.g. by `| head`; ferry stops quietly",
        })
final class DumpCommand implements Callable<Integer> {
    static final int EXIT_BAD_INPUT = 1;
    /** What a shell reports for a program ended by SIGPIPE, which is what `cat big | head` gives. */
    static final int EXIT_OUTPUT_CLOSED = 141;
    private static final int OUTPUT_BUFFER_SIZE = 256 << 10;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|-",
            description = "The stream to dump; standard input when absent or '-'.")
    String file = "-";

    @Option(names = "--json", description = "One JSON object per command and line (JSON Lines) instead of text.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final OutputStream stdout;
    private final ZoneId zone;

    DumpCommand() {
        // File descriptor 1 itself, not System.out: a PrintStream swallows write errors and locks per call.
        this(new FileOutputStream(FileDescriptor.out), ZoneId.systemDefault());
    }

    /** For tests: dump to {@code stdout} instead of file descriptor 1, with times in {@code zone} instead of TZ's. */
    DumpCommand(OutputStream stdout, ZoneId zone) {
        this.stdout = stdout;
        this.zone = zone;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        CheckedOutput out = new CheckedOutput(new BufferedOutputStream(stdout, OUTPUT_BUFFER_SIZE));
        StreamDumper dumper = json ? new JsonDumper(out) : new TextDumper(out, zone);
        try (InputStream in = openInput()) {
            dumpAll(in, dumper);
            dumper.flush();
            return 0;
        } catch (CheckedOutput.OutputException e) {
            if (e.isClosedPipe()) {
                return EXIT_OUTPUT_CLOSED;
            }
            return fail(err, "cannot write output: " + e.getCause().getMessage());
        } catch (StreamFormatException | DumpException e) {
            flushQuietly(dumper);
            return fail(err, inputName() + ": " + e.getMessage());
        } catch (IOException e) {
            flushQuietly(dumper);
            return fail(err, "cannot read " + inputName() + ": " + describe(e));
        }
    }

    private static void dumpAll(InputStream in, StreamDumper dumper) throws IOException {
        // Each command is printed before the next is read, and the dumpers keep no bytes of it
        // (TextDumper copies the subvolume path it keeps), so the reader may reuse its buffer.
        try (StreamReader reader = StreamReader.open(in, ReaderOptions.DEFAULT.reusingBuffers())) {
            for (Command c = reader.next(); c != null; c = reader.next()) {
                dumper.dump(reader.commandIndex(), reader.commandOffset(), c);
            }
        }
    }

    private InputStream openInput() throws IOException {
        // Read ahead on a second thread: reading from the kernel costs as much as the checking and
        // printing, and the two can overlap. Opened here, so a missing file fails on this thread.
        return ReadAheadInputStream.of("-".equals(file)
                ? new FileInputStream(FileDescriptor.in).getChannel()
                : FileChannel.open(Path.of(file)));
    }

    private String inputName() {
        return "-".equals(file) ? "standard input" : file;
    }

    /** Pushes out what was dumped before a bad command, so the last good line precedes the error. */
    private static void flushQuietly(StreamDumper dumper) {
        try {
            dumper.flush();
        } catch (IOException closed) {
            // the output is gone; the error message on stderr is what matters now
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static int fail(PrintWriter err, String message) {
        err.println("ferry dump: " + message.replace('\n', ' '));
        err.flush();
        return EXIT_BAD_INPUT;
    }
}
