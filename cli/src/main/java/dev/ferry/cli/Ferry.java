package dev.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ferry} command: replicate Btrfs subvolumes by incremental send/receive. */
@Command(
        name = "ferry",
        mixinStandardHelpOptions = true,
        // Every subcommand inherits -h/--help and -V/--version, so none has to remember them.
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Ferry.Version.class,
        description = "Replicates Btrfs subvolumes by snapshot-based incremental send/receive.",
        subcommands = {
                CommandLine.HelpCommand.class,
                DiffCommand.class,
                DumpCommand.class,
                SubvolumeCommand.class,
                SendCommand.class,
                ReceiveCommand.class,
                RestoreCommand.class,
                TargetCommand.class,
                ServeCommand.class,
                VerifyCommand.class,
                SnapshotCommand.class,
                BackupCommand.class,
                PruneCommand.class,
                ListCommand.class,
        })
public final class Ferry implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Ferry());
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
