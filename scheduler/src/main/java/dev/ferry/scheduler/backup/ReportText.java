package dev.ferry.scheduler.backup;

import dev.ferry.scheduler.prune.PruneItem;
import java.util.ArrayList;
import java.util.List;

/** The plan of a dry run, and pruning decisions, as lines for people. */
public final class ReportText {
    private ReportText() {
    }

    /** What a dry run would do: snapshot, send (full or from which parent), delete, with every keep reason. */
    public static List<String> plan(VolumeReport r) {
        List<String> lines = new ArrayList<>();
        r.snapshot().ifPresent(step -> lines.add(r.volume() + ": " + snapshot(step)));
        for (TargetReport t : r.targets()) {
            String prefix = r.volume() + " -> " + t.target() + ": ";
            t.transfer().ifPresent(transfer -> lines.add(prefix + transfer(transfer)));
            t.prune().forEach(item -> lines.add(prefix + item));
            t.errors().forEach(e -> lines.add(prefix + "error: " + e));
        }
        for (PruneItem item : r.prune()) {
            lines.add(r.volume() + ": " + item);
        }
        r.errors().forEach(e -> lines.add("error: " + e));
        return lines;
    }

    static String snapshot(SnapshotStep step) {
        if (step instanceof SnapshotStep.WouldTake) {
            return "would snapshot " + step.name();
        }
        if (step instanceof SnapshotStep.Unchanged) {
            return "unchanged since " + step.name() + ", no new snapshot";
        }
        return "snapshot " + step.name();
    }

    static String transfer(Transfer transfer) {
        if (transfer instanceof Transfer.WouldSend w) {
            return "would send " + w.snapshot() + from(w.parent().orElse(null), w.cloneSources());
        }
        if (transfer instanceof Transfer.Sent s) {
            return "sent " + s.snapshot() + from(s.parent().orElse(null), s.cloneSources()) + ", " + s.bytes() + " bytes in "
                    + s.duration().toMillis() + " ms" + (s.resumed() ? " (resumed an interrupted transfer)" : "");
        }
        if (transfer instanceof Transfer.UpToDate u) {
            return "already holds " + u.snapshot();
        }
        Transfer.Failed f = (Transfer.Failed) transfer;
        return "failed: " + f.error();
    }

    private static String from(String parent, List<String> clones) {
        if (parent == null) {
            return " in full (no snapshot in common)";
        }
        return " incrementally from " + parent + (clones.isEmpty() ? "" : " (clone sources " + String.join(", ", clones) + ")");
    }
}
