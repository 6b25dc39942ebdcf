package dev.ferry.cli;

import dev.ferry.btrfs.Fd;
import dev.ferry.btrfs.Filesystem;
import dev.ferry.btrfs.Subvolumes;
import dev.ferry.receive.ReceiveException;
import dev.ferry.receive.ReceiveOptions;
import dev.ferry.receive.Receiver;
import dev.ferry.scheduler.target.HeldSubvolume;
import dev.ferry.scheduler.target.HeldSubvolumesJson;
import dev.ferry.scheduler.source.SnapshotEntry;
import dev.ferry.send.SendException;
import dev.ferry.send.SendRequest;
import dev.ferry.send.SendSession;
import dev.ferry.stream.StreamWriter;
import dev.ferry.stream.WriterOptions;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.Optional;
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
 * which {@code ferry backup} runs on the other machine over ssh; and {@code snapshots|send|snapshot},
 * the sending end of an {@code ssh://} source that a backup host pulls from. DIR must be a directory on btrfs
 * (plain {@code ferry receive} would mirror into any directory, even a mistyped one). Every
 * failure is one line on stderr and exit status 1, which the backup side relays with the host's name.
 */
@Command(name = "target",
        description = {"The receiving end of an ssh:// target, run by ferry backup over ssh.",
                "DIR is the target directory, on btrfs."},
        subcommands = {TargetCommand.Receive.class, TargetCommand.ListBackups.class, TargetCommand.Delete.class,
                TargetCommand.ListSnapshots.class, TargetCommand.Send.class, TargetCommand.Snapshot.class})
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
                try (InputStream in = WireProgress.counting(stdin, spec.commandLine().getErr(), "received")) {
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
                requireBtrfsDirectory(dir);
                Path backup = dir.resolve(requireName(name, "backup"));
                if (!Files.isDirectory(backup, LinkOption.NOFOLLOW_LINKS) || !Subvolumes.isSubvolume(backup)) {
                    throw new IOException(backup + " is not a subvolume");
                }
                Subvolumes.delete(backup);
            });
        }
    }

    /** One component, nothing else: names come from a remote caller. */
    static String requireName(String name) throws IOException {
        return requireName(name, "snapshot");
    }

    /** {@code name} if it is one component in DIR; else an error calling it not a {@code what} name. */
    static String requireName(String name, String what) throws IOException {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
            throw new IOException("'" + name + "' is not a " + what + " name");
        }
        return name;
    }

    /**
     * A snapshot directly in DIR, never through a symlink: serve checked DIR against its root,
     * and a link in DIR must not lead the send to a subvolume outside it.
     */
    static Path snapshotIn(Path dir, String name) throws IOException {
        Path path = dir.resolve(requireName(name));
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(path + (Files.isSymbolicLink(path) ? " is a symlink, not a snapshot" : ": no such snapshot"));
        }
        return path;
    }

    @Command(name = "snapshots", description = "Prints the subvolumes in DIR (a source's snapshot directory) as JSON, "
            + "for a backup host that pulls.")
    static final class ListSnapshots implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DIR")
        Path dir;

        @Override
        public Integer call() {
            return oneLine(spec, out -> {
                if (Files.exists(dir)) {
                    requireBtrfsDirectory(dir);
                }
                out.println(SnapshotEntry.encode(SnapshotEntry.in(dir)));
            });
        }
    }

    @Command(name = "send", description = "Writes the zstd send stream of DIR/NAME on stdout, incrementally from "
            + "DIR/PARENT with --parent: the source side of a pull.")
    static final class Send implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR")
        Path dir;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @CommandLine.Option(names = "--parent", paramLabel = "NAME", description = "A snapshot in DIR the receiver holds.")
        String parent;

        @CommandLine.Option(names = "--clone", paramLabel = "NAME", description = "A clone source in DIR (repeatable).")
        List<String> clones = new java.util.ArrayList<>();

        @CommandLine.Option(names = "--level", paramLabel = "N", defaultValue = "" + WriterOptions.DEFAULT_ZSTD_LEVEL,
                description = "zstd level (default ${DEFAULT-VALUE}).")
        int level;

        /** Where the stream goes; tests replace it. */
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);

        @Override
        public Integer call() {
            return oneLine(spec, out -> {
                requireBtrfsDirectory(dir);
                Path snapshot = snapshotIn(dir, name);
                Optional<Path> parentPath = parent == null ? Optional.empty() : Optional.of(snapshotIn(dir, parent));
                List<Path> clonePaths = new java.util.ArrayList<>();
                for (String clone : clones) {
                    clonePaths.add(snapshotIn(dir, clone));
                }
                WriterOptions options;
                try {
                    options = WriterOptions.zstd(1, level, Integer.parseInt(SendCommand.DEFAULT_THREADS));
                } catch (IllegalArgumentException e) {
                    throw new IOException("--level: " + e.getMessage(), e);
                }
                PrintWriter err = spec.commandLine().getErr();
                try (OutputStream wire = WireProgress.counting(stdout, err, "sent");
                     StreamWriter writer = StreamWriter.open(wire, options)) {
                    SendSession.send(new SendRequest(snapshot, parentPath, clonePaths, 1), writer::write,
                            notice -> err.println("ferry target send: " + notice));
                } catch (SendException e) {
                    throw new IOException(e.getMessage(), e);
                }
            });
        }
    }

    @Command(name = "snapshot", description = "Takes a read-only snapshot of SUBVOL as DIR/NAME: a pulling backup "
            + "host snapshotting its source here.")
    static final class Snapshot implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SUBVOL")
        Path source;

        @Parameters(index = "1", paramLabel = "DIR")
        Path dir;

        @Parameters(index = "2", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return oneLine(spec, out -> {
                Files.createDirectories(dir);
                requireBtrfsDirectory(dir);
                Path snapshot = dir.resolve(requireName(name));
                if (Files.exists(snapshot, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException(snapshot + " already exists");
                }
                Subvolumes.snapshot(source, snapshot, Subvolumes.Access.READ_ONLY);
            });
        }
    }
}
