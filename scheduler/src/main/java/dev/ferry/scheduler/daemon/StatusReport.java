package dev.ferry.scheduler.daemon;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code ferry status}: what a daemon's state directory says about each job: its last run (time,
 * result, bytes, duration, errors), its next fire time, and whether the daemon runs.
 */
public final class StatusReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path stateDir;
    private final Optional<ScheduleState> schedule;
    private final Map<String, JobHistory> history;

    private StatusReport(Path stateDir, Optional<ScheduleState> schedule, Map<String, JobHistory> history) {
        this.stateDir = stateDir;
        this.schedule = schedule;
        this.history = history;
    }

    /** @throws IOException when the directory holds no daemon state, or unreadable state */
    public static StatusReport read(Path stateDir) throws IOException {
        Optional<ScheduleState> schedule = ScheduleState.read(stateDir);
        Map<String, JobHistory> history = History.read(stateDir);
        if (schedule.isEmpty() && history.isEmpty()) {
            throw new IOException(stateDir + ": no ferry daemon state here (has the daemon run with this state-dir?)");
        }
        return new StatusReport(stateDir, schedule, history);
    }

    /** 0 when every job's last run was done (or none ran yet), 2 when one failed, was aborted or partly done. */
    public int exitStatus() {
        return history.values().stream().flatMap(h -> h.runs().stream()
                .filter(r -> r.outcome() != Outcome.Result.SKIPPED && r.outcome() != Outcome.Result.RUNNING)
                .reduce((a, b) -> b).stream())
                .anyMatch(r -> r.outcome().failure()) ? 2 : 0;
    }

    private String daemonState() {
        if (schedule.isEmpty()) {
            return "no schedule recorded";
        }
        ScheduleState s = schedule.get();
        if (s.stopped() != null) {
            return "stopped";
        }
        return ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false) ? "running" : "not running (it died?)";
    }

    private Map<String, ScheduleState.Entry> entries() {
        Map<String, ScheduleState.Entry> entries = new TreeMap<>();
        schedule.ifPresent(s -> s.jobs().forEach(e -> entries.put(e.job(), e)));
        return entries;
    }

    private List<String> jobNames() {
        TreeMap<String, Boolean> names = new TreeMap<>();
        entries().keySet().forEach(n -> names.put(n, true));
        history.keySet().forEach(n -> names.put(n, true));
        return new ArrayList<>(names.keySet());
    }

    /** The last run that is not a skipped firing, if any. */
    private static Optional<RunRecord> lastRun(JobHistory h) {
        return h.runs().stream().filter(r -> r.outcome() != Outcome.Result.SKIPPED).reduce((a, b) -> b);
    }

    public List<String> text() {
        List<String> lines = new ArrayList<>();
        schedule.ifPresentOrElse(s -> lines.add("daemon " + s.instance() + " (pid " + s.pid() + ", " + s.store()
                        + " store): " + daemonState() + (s.stopped() != null ? " at " + TIME.format(s.stopped())
                        : ", since " + TIME.format(s.started()))),
                () -> lines.add("daemon: " + daemonState()));
        lines.add(String.format(Locale.ROOT, "%-28s %-20s %-11s %10s %9s  %s", "JOB", "LAST RUN", "RESULT", "BYTES",
                "DURATION", "NEXT"));
        Map<String, ScheduleState.Entry> entries = entries();
        for (String name : jobNames()) {
            JobHistory h = history.getOrDefault(name, JobHistory.EMPTY);
            Optional<RunRecord> last = lastRun(h);
            ScheduleState.Entry e = entries.get(name);
            String next = e == null ? "(not scheduled)" : e.nextFire() == null ? "never" : TIME.format(e.nextFire());
            lines.add(String.format(Locale.ROOT, "%-28s %-20s %-11s %10s %9s  %s", name,
                    last.map(r -> TIME.format(r.fired())).orElse("never"),
                    e != null && e.running() ? "running" : last.map(RunRecord::result).orElse("-"),
                    last.map(r -> bytes(r.bytes())).orElse("-"),
                    last.filter(r -> r.ended() != null).map(r -> seconds(r.duration().toMillis())).orElse("-"), next));
            last.ifPresent(r -> r.errors().forEach(err -> lines.add("    " + err)));
        }
        return lines;
    }

    public String json() {
        ObjectNode root = History.JSON.createObjectNode();
        root.put("stateDir", stateDir.toString());
        ObjectNode d = root.putObject("daemon");
        d.put("state", daemonState());
        schedule.ifPresent(s -> {
            d.put("instance", s.instance());
            d.put("pid", s.pid());
            d.put("store", s.store());
            d.put("started", s.started().toString());
            if (s.stopped() != null) {
                d.put("stopped", s.stopped().toString());
            }
        });
        ArrayNode jobs = root.putArray("jobs");
        Map<String, ScheduleState.Entry> entries = entries();
        for (String name : jobNames()) {
            JobHistory h = history.getOrDefault(name, JobHistory.EMPTY);
            ScheduleState.Entry e = entries.get(name);
            ObjectNode j = jobs.addObject();
            j.put("job", name);
            j.put("scheduled", e != null);
            if (e != null) {
                j.put("cron", e.cron());
                j.put("zone", e.zone());
                j.put("running", e.running());
                putTime(j, "nextFire", e.nextFire());
            }
            lastRun(h).ifPresent(r -> j.set("lastRun", History.JSON.valueToTree(r)));
            putTime(j, "lastSuccess", h.lastSuccess());
            j.put("runsTotal", h.runsTotal());
            j.put("failuresTotal", h.failuresTotal());
            j.put("bytesTotal", h.bytesTotal());
        }
        root.put("exitStatus", exitStatus());
        return root.toString();
    }

    private static void putTime(ObjectNode node, String field, Instant time) {
        if (time == null) {
            node.putNull(field);
        } else {
            node.put(field, time.toString());
        }
    }

    private static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
