package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.fail;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.scheduler.daemon.History;
import dev.ferry.scheduler.daemon.JobHistory;
import dev.ferry.scheduler.daemon.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code ferry daemon} in a JVM of its own, as a service manager runs it, so that tests can send
 * it real signals or kill it: the test JVM's own class path, stderr to a log file.
 */
final class DaemonProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    final Path stateDir;

    private DaemonProcess(Process process, Path log, Path stateDir) {
        this.process = process;
        this.log = log;
        this.stateDir = stateDir;
    }

    static DaemonProcess start(Path stateDir, String... args) throws IOException {
        Files.createDirectories(stateDir);
        Path log = stateDir.resolveSibling(stateDir.getFileName() + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Ferry.class.getName(), "daemon", "--state-dir",
                stateDir.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new DaemonProcess(p, log, stateDir);
    }

    /**
     * Config lines (under {@code volumes:}) for volumes that only take a snapshot every second: SRC/V,
     * with its snapshots in SRC/V-snapshots.
     */
    static String everySecondSnapshotVolumes(LoopBtrfs src, Iterable<String> volumes) {
        StringBuilder yaml = new StringBuilder();
        for (String v : volumes) {
            yaml.append("""
                      - name: %s
                        source: %s
                        snapshot-dir: %s
                        schedule:
                          snapshot: "* * * * * ?"
                    """.formatted(v, src.path(v), src.path(v + "-snapshots")));
        }
        return yaml.toString();
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-s", name, String.valueOf(process.pid())).inheritIO().start().waitFor();
    }

    /** SIGKILL: no shutdown hook, no goodbye; as a host that dies. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    int awaitExit(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("ferry daemon did not exit within " + timeout.toSeconds() + " s; its log:\n" + log());
        }
        return process.exitValue();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    List<RunRecord> runs() throws IOException {
        return runs(stateDir);
    }

    static List<RunRecord> runs(Path stateDir) throws IOException {
        Map<String, JobHistory> jobs = History.read(stateDir);
        return jobs.values().stream().flatMap(h -> h.runs().stream()).sorted(Comparator.comparing(RunRecord::fired))
                .toList();
    }

    /** Polls this daemon's history until {@code done} holds. */
    List<RunRecord> await(Duration timeout, Predicate<List<RunRecord>> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<RunRecord> runs;
            try {
                runs = runs();
            } catch (IOException e) {
                runs = List.of();
            }
            if (done.test(runs)) {
                return runs;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout.toSeconds() + " s; history " + runs + "\nlog:\n" + log());
            }
            if (!process.isAlive()) {
                fail("ferry daemon exited with " + process.exitValue() + "; log:\n" + log());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
