package dev.ferry.cli;

import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.Filesystem;
import dev.ferry.btrfs.Subvolumes;
import dev.ferry.receive.ReceiveException;
import dev.ferry.receive.ReceiveOptions;
import dev.ferry.receive.Receiver;
import dev.ferry.scheduler.target.HeldSubvolume;
import dev.ferry.scheduler.target.HeldSubvolumesJson;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry target receive|list|delete DIR}: the receiving end of an {@code ssh://} target,
 * which {@code ferry backup} runs on the other machine over ssh. DIR must be a directory on btrfs
 * (plain {@code ferry receive} would mirror into any directory, even a mistyped one). Every
 * failure is one line on stderr and exit status 1, which the backup side relays with the host's name.
 */
@Command(name = "target",
        description = {"The receiving end of an ssh:// target, run by ferry backup over ssh.",
                "DIR is the target directory, on btrfs."},
        subcommands = {TargetCommand.Receive.class, TargetCommand.ListBackups.class, TargetCommand.Delete.class})
final class TargetCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "receive, list or delete is required");
    }

    /** Runs {@code body}, turning an IOException into one line and exit status 1. */
    static int oneLine(CommandLine.Model.CommandSpec spec, IoBody body) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            body.run(spec.commandLine().getOut());
            return 0;
        } catch (IOException e) {
            err.println("ferry target " + spec.name() + ": " + e.getMessage());
            return 1;
        } finally {
            spec.commandLine().getOut().flush();
            err.flush();
        }
    }

    interface IoBody {
        void run(PrintWriter out) throws IOException;
    }

    static void requireBtrfsDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": no such directory");
        }
        try (Fd fd = Fd.openDirectory(dir)) {
            if (!Filesystem.isBtrfs(fd)) {
                throw new IOException(dir + " is not on btrfs");
            }
        }
    }

    @Command(name = "receive", description = "Receives the send stream on stdin (raw or zstd) into DIR, as btrfs receive.")
    static final class Receive implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DIR")
        Path dir;

        /** Where the stream comes from; tests replace it. */
        InputStream stdin = new FileInputStream(FileDescriptor.in);

        @Override
        public Integer call() {
            return oneLine(spec, out -> {
                requireBtrfsDirectory(dir);
                try (InputStream in = stdin) {
                    Receiver.receive(in, dir, ReceiveOptions.defaults().withKeepInterrupted(true)); // resumable after a cut connection
                } catch (ReceiveException e) {
                    throw new IOException(e.getMessage(), e);
                }
            });
        }
    }

    @Command(name = "list", description = "Prints the subvolumes in DIR as JSON (none if DIR does not exist).")
    static final class ListBackups implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DIR")
        Path dir;

        @Override
        public Integer call() {
            return oneLine(spec, out -> {
                List<HeldSubvolume> held = List.of();
                if (Files.exists(dir)) {
                    requireBtrfsDirectory(dir);
                    held = HeldSubvolume.in(dir);
                }
                out.println(HeldSubvolumesJson.encode(held));
            });
        }
    }

    @Command(name = "delete", description = "Deletes the subvolume NAME in DIR.")
    static final class Delete implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR")
        Path dir;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return oneLine(spec, out -> {
                // One name in DIR, nothing else: this runs for a remote caller.
                if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
                    throw new IOException("'" + name + "' is not a backup name");
                }
                requireBtrfsDirectory(dir);
                Path backup = dir.resolve(name);
                if (!Files.isDirectory(backup, LinkOption.NOFOLLOW_LINKS) || !Subvolumes.isSubvolume(backup)) {
                    throw new IOException(backup + " is not a subvolume");
                }
                Subvolumes.delete(backup);
            });
        }
    }
}
