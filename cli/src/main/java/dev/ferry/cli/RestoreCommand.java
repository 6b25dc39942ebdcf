package dev.ferry.cli;

import dev.ferry.archive.ArchiveEntry;
import dev.ferry.archive.Chain;
import dev.ferry.archive.ChainRestore;
import dev.ferry.archive.StreamArchive;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry restore TARGET SNAPSHOT DEST}: replays the chain of a stream-file target that ends
 * at SNAPSHOT into DEST: received subvolumes on btrfs (received_uuid set, so backups can continue
 * incrementally from it), or a plain directory with {@code --dir}.
 */
@Command(name = "restore", sortOptions = false,
        description = {"Restores a snapshot from a stream-file target (file:///path) by replaying its chain:",
                "the full stream, then every incremental one up to SNAPSHOT.",
                "On btrfs, DEST is the directory that gets the received subvolume (as btrfs receive); "
                        + "with --dir, DEST is a plain directory that becomes a copy of the snapshot.",
                "Exit status: 0 restored, 1 failed (nothing restored is left behind), 2 bad arguments."})
final class RestoreCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TARGET", description = "file:///path (or the directory's path).")
    String target;

    @Parameters(index = "1", paramLabel = "SNAPSHOT", description = "A backup's snapshot name, its uuid, or 'latest'.")
    String snapshot;

    @Parameters(index = "2", paramLabel = "DEST", description = "Where the snapshot goes.")
    Path destination;

    @Option(names = "--dir", description = "Restore into a plain directory (any file system) instead of a btrfs subvolume.")
    boolean directory;

    @Option(names = "--keep-intermediate",
            description = "On btrfs, keep the subvolumes of the chain before SNAPSHOT (they are deleted by default).")
    boolean keepIntermediate;

    @Option(names = "--no-verify", description = "Do not check the chain's sha256s and streams before writing.")
    boolean noVerify;

    @Option(names = {"-q", "--quiet"}, description = "Say nothing unless it fails.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            StreamArchive archive = ArchiveArgument.open(target);
            Chain chain = archive.chainTo(archive.find(snapshot));
            ChainRestore.Request request = new ChainRestore.Request(chain, destination,
                    directory ? ChainRestore.Into.DIRECTORY : ChainRestore.Into.BTRFS, keepIntermediate, !noVerify,
                    new ReceiveReporter(err, "ferry restore", quiet, false, false));
            Path restored = ChainRestore.restore(archive, request);
            if (!quiet) {
                ArchiveEntry tip = chain.tip();
                out.printf("restored %s (%s) from %d stream(s) to %s%n", tip.snapshot(), tip.uuid(), chain.length(), restored);
            }
            return 0;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (IOException e) {
            err.println("ferry restore: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
