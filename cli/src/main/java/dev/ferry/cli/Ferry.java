package dev.ferry.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ferry} command: replicate Btrfs subvolumes by incremental send/receive. */
@Command(
        name = "ferry",
        mixinStandardHelpOptions = true,
        // Every subcommand inherits -h/--help and -V/--version, so none has to remember them.
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Ferry.Version.class,
        description = "Replicates Btrfs subvolumes by snapshot-based incremental send/receive.")
public final class Ferry implements Runnable {

    /**
     * The subcommands' names, in the order help lists them. They are registered in code rather than
     * in the annotation so that a run builds only the one it runs: picocli reflects over every
     * option of every command it is given, which was about a third of ferry's start-up.
     */
    private static final List<String> SUBCOMMANDS = List.of("help", "diff", "dump", "subvolume", "send", "receive",
            "restore", "target", "serve", "verify", "snapshot", "backup", "prune", "list", "daemon", "status");

    /** A new instance of the subcommand {@code name}; a switch, so no other command's class is even loaded. */
    private static Object newSubcommand(String name) {
        return switch (name) {
            case "help" -> new CommandLine.HelpCommand();
            case "diff" -> new DiffCommand();
            case "dump" -> new DumpCommand();
            case "subvolume" -> new SubvolumeCommand();
            case "send" -> new SendCommand();
            case "receive" -> new ReceiveCommand();
            case "restore" -> new RestoreCommand();
            case "target" -> new TargetCommand();
            case "serve" -> new ServeCommand();
            case "verify" -> new VerifyCommand();
            case "snapshot" -> new SnapshotCommand();
            case "backup" -> new BackupCommand();
            case "prune" -> new PruneCommand();
            case "list" -> new ListCommand();
            case "daemon" -> new DaemonCommand();
            case "status" -> new StatusCommand();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        NativeUnpackDir.prepare(); // before jnr-ffi or zstd-jni unpack anything
        int status;
        try {
            status = commandLine(args).execute(args);
        } catch (UnsatisfiedLinkError e) {
            status = nativeCodeMissing(e);
        }
        System.exit(status);
    }

    /** One line for a library that could not be loaded, and where to look, instead of a JVM stack trace. */
    private static int nativeCodeMissing(UnsatisfiedLinkError e) {
        String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        System.err.println("ferry: cannot load native code: " + reason);
        System.err.println("ferry: its libraries are unpacked into " + NativeUnpackDir.current()
                + "; if that is on a noexec mount, name another with FERRY_JAVA_OPTS=-Djava.io.tmpdir=DIR");
        return 1;
    }

    /** The command line with every subcommand: for help, listings and tests that inspect it. */
    public static CommandLine commandLine() {
        return withSubcommands(SUBCOMMANDS);
    }

    /**
     * The command line that {@code args} need: only the subcommand they name when the first one
     * names one, else (no arguments, an option, {@code help}, a typo) every subcommand, so that
     * usage, help and picocli's suggestions stay complete.
     */
    public static CommandLine commandLine(String... args) {
        if (args.length > 0 && !args[0].equals("help") && SUBCOMMANDS.contains(args[0])) {
            return withSubcommands(List.of(args[0]));
        }
        return commandLine();
    }

    private static CommandLine withSubcommands(List<String> names) {
        CommandLine root = new CommandLine(new Ferry());
        for (String name : names) {
            root.addSubcommand(name, newSubcommand(name));
        }
        return root;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Ferry.class.getPackage().getImplementationVersion();
            return new String[] {"ferry " + (v == null ? "(development build)" : v)};
        }
    }
}
