package dev.ferry.cli;

import dev.ferry.btrfs.SubvolumeInfo;
import dev.ferry.scheduler.config.SchemeName;
import dev.ferry.scheduler.source.SnapshotStore;
import dev.ferry.scheduler.source.SourceSnapshot;
import dev.ferry.scheduler.target.Series;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry snapshot}: a read-only snapshot named by the time it is taken. */
@Command(name = "snapshot", sortOptions = false, exitCodeOnInvalidInput = 2,
        description = {"Takes a read-only snapshot of SUBVOL in DIR, named <name>.<UTC time> (ferry), "
                + "<name>.YYYYMMDDThhmm (btrbk) or @GMT-YYYY.MM.DD-HH.MM.SS (samba: Windows Previous Versions), "
                + "and prints its path.",
                "--if-changed takes none when SUBVOL's ctransid equals that of its newest snapshot in DIR "
                + "(a snapshot inherits its source's ctransid, and taking one does not change it).",
                "Exit status: 0 taken or unchanged, 1 failed, 2 bad arguments."})
public final class SnapshotCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SUBVOL", description = "The subvolume to snapshot.")
    Path source;

    @Option(names = "--into", required = true, paramLabel = "DIR", description = "Where the snapshot goes (same btrfs).")
    Path into;

    @Option(names = "--scheme", paramLabel = "ferry|btrbk|samba", defaultValue = "ferry",
            description = "How the snapshot is named (default ${DEFAULT-VALUE}).")
    String scheme;

    @Option(names = "--name", paramLabel = "NAME", description = "The volume name in snapshot names (default: SUBVOL's directory name).")
    String name;

    @Option(names = "--if-changed", description = "Take no snapshot when SUBVOL is unchanged since its newest one.")
    boolean ifChanged;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path src = source.toAbsolutePath().normalize();
        Series series;
        try {
            String volume = name != null ? name : String.valueOf(src.getFileName());
            series = new Series(volume, SchemeName.parse(scheme).scheme(ZoneId.systemDefault()));
            series.scheme().format(volume, clock.instant());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        SnapshotStore store = new SnapshotStore(src, into.toAbsolutePath().normalize(), series);
        try {
            if (ifChanged) {
                List<SourceSnapshot> snapshots = store.list();
                SubvolumeInfo info = store.sourceInfo();
                if (!snapshots.isEmpty() && !SnapshotStore.changedSince(info, snapshots.get(snapshots.size() - 1))) {
                    err.println("ferry snapshot: " + src + " unchanged since " + snapshots.get(snapshots.size() - 1).path()
                            + "; no snapshot taken");
                    return 0;
                }
            }
            out.println(store.take(clock.instant()).path());
            return 0;
        } catch (IOException e) {
            err.println("ferry snapshot: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
