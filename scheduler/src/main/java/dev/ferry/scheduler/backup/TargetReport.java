package dev.ferry.scheduler.backup;

import dev.ferry.scheduler.prune.PruneItem;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One target's part of a volume's run.
 *
 * @param target   the target's address text
 * @param transfer empty for {@code ferry prune}, which sends nothing
 * @param prune    every backup with its keep/delete decision; empty when pruning did not run
 * @param deleted  the backups actually deleted (none in a dry run)
 * @param errors   one line each: listing, transfer or deletion failures
 */
public record TargetReport(String target, Optional<Transfer> transfer, List<PruneItem> prune, List<String> deleted,
                           List<String> errors) {
    public TargetReport {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(transfer, "transfer");
        prune = List.copyOf(prune);
        deleted = List.copyOf(deleted);
        errors = List.copyOf(errors);
    }

    public boolean failed() {
        return !errors.isEmpty();
    }
}
