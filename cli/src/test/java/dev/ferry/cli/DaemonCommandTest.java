package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.btrfs.Subvolumes;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.scheduler.daemon.Daemon;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry daemon} and {@code ferry status} as a user runs them, the daemon in-process. */
@ExtendWith(LoopBtrfsExtension.class)
class DaemonCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path config(String schedule) throws Exception {
        return Files.writeString(tmp.resolve("ferry.yaml"), """
                timezone: UTC
                daemon:
                  state-dir: %s
                volumes:
                  - source: /mnt/pool/home
                    snapshot-dir: /mnt/pool/snapshots
                    schedule:
                      snapshot: "0 */15 * * * ?"
                      backup: %s
                    targets:
                      - target: /mnt/usb/ferry
                """.formatted(tmp.resolve("state"), schedule));
    }

    @Test
    void checkPrintsEachJobWithItsNextFireTimesAndRunsNothing() throws Exception {
        FerryRun run = FerryRun.of("daemon", "--config", config("\"0 0 * * * ?\"").toString(), "--check");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("home backup"), run.out());
        assertTrue(run.out().contains("'0 0 * * * ?'"), run.out());
        assertTrue(run.out().contains("home snapshot"), run.out());
        assertEquals("", run.err());
        assertFalse(Files.exists(tmp.resolve("state")), "--check writes nothing");
    }

    @Test
    void aConfigErrorNamesFileLineAndFieldBeforeAnythingRuns() throws Exception {
        Path file = config("\"0 0 * * *\"");
        FerryRun run = FerryRun.of("daemon", "--config", file.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("ferry daemon: " + file + ":9:"), run.err());
        assertTrue(run.err().contains("volumes[0].schedule.backup: not a cron schedule: '0 0 * * *'"), run.err());
        assertFalse(Files.exists(tmp.resolve("state")), "nothing ran");
        FerryRun check = FerryRun.of("daemon", "--config", file.toString(), "--check");
        assertEquals(run, check, "--check reports the same");
    }

    @Test
    void theQuickFormNeedsAScheduleAndAValidOne() {
        FerryRun none = FerryRun.of("daemon", "/mnt/x", "--snapshot-dir", "/mnt/s", "--target", "/mnt/t");
        assertEquals(1, none.exitCode());
        assertTrue(none.err().contains("--schedule CRON"), none.err());
        FerryRun bad = FerryRun.of("daemon", "/mnt/x", "--snapshot-dir", "/mnt/s", "--target", "/mnt/t",
                "--schedule", "@hourly", "--check");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("--schedule: not a cron schedule: '@hourly'"), bad.err());
    }

    @Test
    void theQuickFormBacksUpOnScheduleAndStatusAndMetricsSayHowItWent(LoopBtrfs src, LoopBtrfs dst) throws Exception {
        Path home = src.path("home");
        Subvolumes.create(home);
        Files.write(home.resolve("data.bin"), new byte[100_000]);
        Path state = tmp.resolve("state");
        CompletableFuture<Daemon> started = new CompletableFuture<>();
        CompletableFuture<FerryRun> daemonRun = CompletableFuture.supplyAsync(() -> FerryRun.of(cli -> {
            DaemonCommand command = (DaemonCommand) cli.getSubcommands().get("daemon").getCommand();
            command.installSignals = false;
            command.onStart = started::complete;
        }, "daemon", home.toString(), "--snapshot-dir", src.path("snapshots").toString(),
                "--target", dst.path("backups").toString(), "--schedule", "0/2 * * * * ?", "--keep", "latest 3",
                "--state-dir", state.toString(), "--metrics", "127.0.0.1:0"));
        Daemon daemon = started.get(60, TimeUnit.SECONDS);
        String metrics;
        try {
            JsonNode status = awaitDoneRun(state);
            assertEquals("home backup", status.get("jobs").get(0).get("job").asText());
            var address = daemon.metricsAddress().orElseThrow();
            metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + address.getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        } finally {
            daemon.stop(Duration.ofSeconds(30));
        }
        FerryRun stopped = daemonRun.get(60, TimeUnit.SECONDS);
        assertEquals(0, stopped.exitCode(), stopped.err());

        assertTrue(metrics.contains("# TYPE ferry_job_last_success_timestamp_seconds gauge"), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith(
                "ferry_job_runs_total{job=\"home backup\",volume=\"home\",kind=\"backup\"} ")), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("ferry_job_sent_bytes_total{job=\"home backup\"")
                && !l.endsWith(" 0")), metrics);
        assertTrue(metrics.contains("ferry_job_failures_total{job=\"home backup\",volume=\"home\",kind=\"backup\"} 0"),
                metrics);

        FerryRun json = FerryRun.of("status", "--state-dir", state.toString(), "--json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode status = JSON.readTree(json.out());
        assertEquals("stopped", status.get("daemon").get("state").asText());
        JsonNode job = status.get("jobs").get(0);
        assertEquals("0/2 * * * * ?", job.get("cron").asText());
        JsonNode last = job.get("lastRun");
        assertEquals("done", last.get("result").asText());
        assertTrue(last.get("bytes").asLong() > 0, last.toString());
        assertTrue(Files.isDirectory(dst.path("backups").resolve(last.get("snapshot").asText())), last.toString());
        assertTrue(job.get("nextFire").isTextual(), job.toString());

        FerryRun text = FerryRun.of("status", "--state-dir", state.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().lines().anyMatch(l -> l.startsWith("home backup") && l.contains(" done ")), text.out());
        FerryRun missing = FerryRun.of("status", "--state-dir", tmp.resolve("nowhere").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("no ferry daemon state here"), missing.err());
    }

    private static JsonNode awaitDoneRun(Path state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (true) {
            FerryRun status = FerryRun.of("status", "--state-dir", state.toString(), "--json");
            if (status.exitCode() == 0) {
                JsonNode node = JSON.readTree(status.out());
                JsonNode last = node.get("jobs").get(0).get("lastRun");
                if (last != null && "done".equals(last.get("result").asText())) {
                    return node;
                }
            }
            assertTrue(System.nanoTime() < deadline, "no done run in time: " + status);
            Thread.sleep(200);
        }
    }
}
