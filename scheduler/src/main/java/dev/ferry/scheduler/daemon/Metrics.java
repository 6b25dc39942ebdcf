package dev.ferry.scheduler.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code --metrics HOST:PORT}: the job history in Prometheus' text format on {@code /metrics},
 * served by the JDK's HTTP server. Per job (labels job, volume, kind): the last success time,
 * bytes sent, the last run's duration, runs and failures, whether it is running, the next fire time.
 */
final class Metrics {
    private final HttpServer server;

    private Metrics(HttpServer server) {
        this.server = server;
    }

    static Metrics serve(InetSocketAddress address, Daemon daemon) throws IOException {
        HttpServer server = HttpServer.create(address, 8);
        server.createContext("/metrics", exchange -> respond(exchange, render(daemon)));
        server.setExecutor(null);
        server.start();
        return new Metrics(server);
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    void stop() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String render(Daemon daemon) {
        Map<String, JobHistory> jobs = new TreeMap<>(daemon.history().jobs());
        StringBuilder s = new StringBuilder();
        Map<String, ScheduleState.Entry> schedule = new TreeMap<>();
        daemon.scheduleEntries().forEach(e -> schedule.put(e.job(), e));
        schedule.keySet().forEach(name -> jobs.putIfAbsent(name, JobHistory.EMPTY));

        family(s, "ferry_job_last_success_timestamp_seconds", "gauge", "When the job's last successful run ended.");
        jobs.forEach((name, h) -> {
            if (h.lastSuccess() != null) {
                sample(s, "ferry_job_last_success_timestamp_seconds", name, h.lastSuccess().toEpochMilli() / 1000.0);
            }
        });
        family(s, "ferry_job_sent_bytes_total", "counter", "Stream bytes the job sent to targets (zstd-compressed).");
        jobs.forEach((name, h) -> sample(s, "ferry_job_sent_bytes_total", name, h.bytesTotal()));
        family(s, "ferry_job_last_duration_seconds", "gauge", "How long the job's last finished run took.");
        jobs.forEach((name, h) -> h.runs().stream().filter(r -> r.ended() != null).reduce((a, b) -> b)
                .ifPresent(r -> sample(s, "ferry_job_last_duration_seconds", name, r.duration().toMillis() / 1000.0)));
        family(s, "ferry_job_runs_total", "counter", "Runs of the job (skipped firings not counted).");
        jobs.forEach((name, h) -> sample(s, "ferry_job_runs_total", name, h.runsTotal()));
        family(s, "ferry_job_failures_total", "counter", "Runs that failed, partly failed or were aborted.");
        jobs.forEach((name, h) -> sample(s, "ferry_job_failures_total", name, h.failuresTotal()));
        family(s, "ferry_job_running", "gauge", "1 while the job runs in this daemon.");
        schedule.forEach((name, e) -> sample(s, "ferry_job_running", name, e.running() ? 1 : 0));
        family(s, "ferry_job_next_fire_timestamp_seconds", "gauge", "When the job fires next.");
        schedule.forEach((name, e) -> {
            if (e.nextFire() != null) {
                sample(s, "ferry_job_next_fire_timestamp_seconds", name, e.nextFire().toEpochMilli() / 1000.0);
            }
        });
        return s.toString();
    }

    private static void family(StringBuilder s, String name, String type, String help) {
        s.append("# HELP ").append(name).append(' ').append(help).append('\n');
        s.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder s, String metric, String job, double value) {
        Optional<JobId> id = JobId.parse(job);
        s.append(metric).append("{job=\"").append(escape(job)).append("\",volume=\"")
                .append(escape(id.map(JobId::volume).orElse(""))).append("\",kind=\"")
                .append(id.map(i -> i.kind().word()).orElse("")).append("\"} ");
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            s.append((long) value);
        } else {
            s.append(value);
        }
        s.append('\n');
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
