package dev.ferry.cli;

import dev.ferry.scheduler.backup.BackupRunner;
import dev.ferry.scheduler.backup.VolumeJob;
import dev.ferry.scheduler.backup.VolumeReport;
import picocli.CommandLine.Command;

/** {@code ferry prune}: {@code ferry backup}'s retention step alone, with the same arguments. */
@Command(name = "prune", sortOptions = false, exitCodeOnInvalidInput = 1,
        description = {"Deletes source snapshots and backups that their retention policies no longer keep. "
                + "The newest snapshot in common between the source and each target is always kept.",
                "--dry-run prints every snapshot and backup with keep or delete and the rules that keep it.",
                "Exit status: 0 all done, 1 failed (or bad arguments or config), 2 partly done."})
public final class PruneCommand extends BackupCommand {
    @Override
    String commandName() {
        return "prune";
    }

    @Override
    VolumeReport run(BackupRunner runner, VolumeJob job) {
        return runner.prune(job);
    }
}
