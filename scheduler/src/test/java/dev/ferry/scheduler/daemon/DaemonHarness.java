package dev.ferry.scheduler.daemon;

import static org.junit.jupiter.api.Assertions.fail;

import dev.ferry.btrfs.Subvolumes;
import dev.ferry.retention.NamingScheme;
import dev.ferry.retention.Policy;
import dev.ferry.scheduler.backup.VolumeJob;
import dev.ferry.scheduler.config.CronSchedule;
import dev.ferry.scheduler.config.DaemonSettings;
import dev.ferry.scheduler.config.VolumeSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** In-process daemons for tests: a fixed plan, a private state directory, and waiting on the history. */
final class DaemonHarness {
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private DaemonHarness() {
    }

    static DaemonHarness create() {
        return new DaemonHarness();
    }

    static DaemonPlan plan(List<VolumeJob> volumes, Map<String, VolumeSchedule> schedules, DaemonSettings settings) {
        return new DaemonPlan(volumes, schedules, ZoneOffset.UTC, DayOfWeek.MONDAY, settings, Duration.ofSeconds(30));
    }

    /**
     * A plan of one volume that only takes snapshots, with the in-memory store: the subvolume
     * {@code source} (made here), its snapshots in {@code snapshotDir}, all kept, on {@code cron}.
     */
    static DaemonPlan snapshotsOnly(Path source, Path snapshotDir, CronSchedule cron, Path stateDir) throws IOException {
        Subvolumes.create(source);
        String name = source.getFileName().toString();
        VolumeJob volume = new VolumeJob(name, source, snapshotDir, NamingScheme.ferry(), Policy.parse("all"), false, List.of());
        return plan(List.of(volume), Map.of(name, new VolumeSchedule(Optional.of(cron), Optional.empty(), Optional.empty(),
                Map.of())), memory(stateDir));
    }

    static DaemonSettings memory(Path stateDir) {
        return DaemonSettings.defaults().withStateDir(stateDir).withGrace(Duration.ofSeconds(30));
    }

    Daemon start(DaemonPlan plan) throws Exception {
        return Daemon.start(Daemon.PlanSource.fixed(plan), log::add, log::add);
    }

    /** Every recorded run, oldest first. */
    static List<RunRecord> runs(Path stateDir) throws IOException {
        return History.read(stateDir).values().stream().flatMap(h -> h.runs().stream())
                .sorted(java.util.Comparator.comparing(RunRecord::fired)).toList();
    }

    static List<RunRecord> runs(Path stateDir, String job) throws IOException {
        return runs(stateDir).stream().filter(r -> r.job().equals(job)).toList();
    }

    /** Polls the history until {@code done} holds; fails after {@code timeout}, naming what was seen. */
    static List<RunRecord> await(Path stateDir, Duration timeout, Predicate<List<RunRecord>> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<RunRecord> runs = runs(stateDir);
            if (done.test(runs)) {
                return runs;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout.toSeconds() + " s; history: " + runs);
            }
            Thread.sleep(100);
        }
    }

    static long ended(List<RunRecord> runs, String job, Outcome.Result result) {
        return runs.stream().filter(r -> r.job().equals(job) && r.ended() != null && r.outcome() == result).count();
    }

    /** The entries of a directory that are not hidden (lock files are), sorted. */
    static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }
}
