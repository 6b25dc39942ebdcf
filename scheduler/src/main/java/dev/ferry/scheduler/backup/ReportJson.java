package dev.ferry.scheduler.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.scheduler.prune.PruneItem;
import java.util.List;

/**
 * The machine-readable summary of a run ({@code --json}): one object per volume with its
 * snapshot step, per target the transfer (status {@code sent}, {@code would-send},
 * {@code up-to-date} or {@code failed}; parent or full; bytes; milliseconds), what pruning
 * decided and deleted, and errors; and the run's exit status.
 */
public final class ReportJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportJson() {
    }

    public static String of(List<VolumeReport> reports, boolean dryRun) {
        ObjectNode root = JSON.createObjectNode();
        root.put("dryRun", dryRun);
        root.put("exitStatus", VolumeReport.Outcome.of(reports).exitStatus());
        ArrayNode volumes = root.putArray("volumes");
        reports.forEach(r -> volumes.add(volume(r)));
        return root.toString();
    }

    private static ObjectNode volume(VolumeReport r) {
        ObjectNode v = JSON.createObjectNode();
        v.put("volume", r.volume());
        v.put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        r.snapshot().ifPresent(step -> v.set("snapshot", snapshot(step)));
        ArrayNode targets = v.putArray("targets");
        r.targets().forEach(t -> targets.add(target(t)));
        prune(v, r.prune(), r.deleted());
        strings(v.putArray("errors"), r.errors());
        return v;
    }

    private static ObjectNode snapshot(SnapshotStep step) {
        ObjectNode s = JSON.createObjectNode();
        s.put("name", step.name());
        s.put("status", step instanceof SnapshotStep.Taken ? "taken"
                : step instanceof SnapshotStep.Unchanged ? "unchanged" : "would-take");
        return s;
    }

    private static ObjectNode target(TargetReport r) {
        ObjectNode t = JSON.createObjectNode();
        t.put("target", r.target());
        r.transfer().ifPresent(transfer -> t.set("transfer", transfer(transfer)));
        prune(t, r.prune(), r.deleted());
        strings(t.putArray("errors"), r.errors());
        return t;
    }

    private static ObjectNode transfer(Transfer transfer) {
        ObjectNode t = JSON.createObjectNode();
        t.put("snapshot", transfer.snapshot());
        if (transfer instanceof Transfer.Sent sent) {
            t.put("status", "sent");
            t.put("full", sent.parent().isEmpty());
            sent.parent().ifPresent(p -> t.put("parent", p));
            strings(t.putArray("cloneSources"), sent.cloneSources());
            t.put("bytes", sent.bytes());
            t.put("resumed", sent.resumed());
            t.put("millis", sent.duration().toMillis());
        } else if (transfer instanceof Transfer.WouldSend would) {
            t.put("status", "would-send");
            t.put("full", would.parent().isEmpty());
            would.parent().ifPresent(p -> t.put("parent", p));
            strings(t.putArray("cloneSources"), would.cloneSources());
        } else if (transfer instanceof Transfer.UpToDate) {
            t.put("status", "up-to-date");
        } else if (transfer instanceof Transfer.Failed failed) {
            t.put("status", "failed");
            t.put("error", failed.error());
        }
        return t;
    }

    private static void prune(ObjectNode node, List<PruneItem> items, List<String> deleted) {
        ArrayNode decisions = node.putArray("prune");
        for (PruneItem item : items) {
            ObjectNode d = decisions.addObject();
            d.put("name", item.name());
            d.put("time", item.time().toString());
            d.put("keep", item.keep());
            strings(d.putArray("reasons"), item.reasons());
        }
        strings(node.putArray("deleted"), deleted);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
