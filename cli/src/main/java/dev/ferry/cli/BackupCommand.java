package dev.ferry.cli;

import dev.ferry.scheduler.backup.BackupRunner;
import dev.ferry.scheduler.backup.ReportJson;
import dev.ferry.scheduler.backup.ReportText;
import dev.ferry.scheduler.backup.RunOptions;
import dev.ferry.scheduler.backup.TransferListener;
import dev.ferry.scheduler.backup.VolumeJob;
import dev.ferry.scheduler.backup.VolumeReport;
import dev.ferry.scheduler.config.ConfigException;
import dev.ferry.scheduler.transfer.ByteSize;
import dev.ferry.scheduler.transfer.TransferControls;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ferry backup}: snapshot, send to every target incrementally, prune. What cron runs.
 * Also {@code ferry prune}, which is the same minus the snapshot and the send.
 */
@Command(name = "backup", sortOptions = false, exitCodeOnInvalidInput = 1,
        description = {"Snapshots a subvolume, sends the snapshot to every target (incrementally from the newest "
                + "snapshot they have in common, in full the first time) and prunes snapshots and backups.",
                "Silent on success unless -v.",
                "Exit status: 0 all done, 1 failed (or bad arguments or config), 2 partly done (some targets failed)."})
public class BackupCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    VolumeOptions volumes = new VolumeOptions();

    @Option(names = "--dry-run", description = "Show what would be snapshotted, sent and deleted; change nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print a JSON summary of the run on standard output.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Say what happens, step by step, on standard error.")
    boolean verbose;

    @Option(names = "--no-prune", description = "Snapshot and send, delete nothing.")
    boolean noPrune;

    @Option(names = "--lock-wait", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for another run on the same volume before giving up (default ${DEFAULT-VALUE}).")
    long lockWaitSeconds;

    @Option(names = "--rate", paramLabel = "RATE",
            description = "Send at most RATE bytes per second of compressed stream to each target, e.g. 20M (K, M, G: binary).")
    String rate;

    @Option(names = "--buffer", paramLabel = "SIZE",
            description = "A buffer of SIZE (e.g. 256M) and a thread between reading the snapshot and the network.")
    String buffer;

    @Option(names = "--level", paramLabel = "N", description = "zstd level of the stream on the wire (default 3).")
    Integer level;

    /** The clock for snapshot names and retention; replaced in tests. */
    Clock clock = Clock.systemDefaultZone();

    String commandName() {
        return "backup";
    }

    VolumeReport run(BackupRunner runner, VolumeJob job) {
        return runner.backup(job);
    }

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        PrintWriter out = cmd.getOut();
        PrintWriter err = cmd.getErr();
        String prefix = "ferry " + commandName() + ": ";
        try {
            VolumeOptions.Selection selection = volumes.select(cmd, commandName().equals("backup"));
            TransferListener progress = !json && !dryRun && ProgressBar.stderrIsTerminal() ? new ProgressBar(err)
                    : TransferListener.NONE;
            RunOptions options = volumes.runOptions(selection, dryRun, Duration.ofSeconds(lockWaitSeconds))
                    .withTransfer(transferControls(cmd))
                    .withClock(clock)
                    .withPrune(!noPrune)
                    .withOutput(line -> err.println(prefix + line), line -> {
                        if (verbose) {
                            err.println(prefix + line);
                        }
                    }, progress);
            BackupRunner runner = new BackupRunner(options);
            List<VolumeReport> reports = new ArrayList<>();
            for (VolumeJob job : selection.volumes()) {
                VolumeReport report = run(runner, job);
                reports.add(report);
                print(report, out, err, prefix);
            }
            if (json) {
                out.println(ReportJson.of(reports, dryRun));
            }
            return VolumeReport.Outcome.of(reports).exitStatus();
        } catch (ConfigException e) {
            err.println(prefix + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private TransferControls transferControls(CommandLine cmd) {
        try {
            TransferControls controls = TransferControls.defaults();
            if (rate != null) {
                controls = controls.withRate(ByteSize.parse(rate));
            }
            if (buffer != null) {
                long bytes = ByteSize.parse(buffer);
                controls = controls.withBuffer((int) Math.min(bytes, Integer.MAX_VALUE));
            }
            return level == null ? controls : controls.withLevel(level);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
    }

    /** A dry run prints its plan; a real run only its errors (and -v its steps, as they happen). */
    private void print(VolumeReport report, PrintWriter out, PrintWriter err, String prefix) {
        if (dryRun && !json) {
            ReportText.plan(report).forEach(out::println);
            return;
        }
        report.targets().forEach(t -> t.errors().forEach(e -> err.println(prefix + report.volume() + " -> " + e)));
        report.errors().forEach(e -> err.println(prefix + e));
    }
}
