package dev.ferry.scheduler.serve;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * One line per request, syslog-style:
 * <pre>
 * 2026-11-22T01:30:00Z nas ferry-serve[4242]: from 192.0.2.7: allowed receive /backups/laptop
 * </pre>
 * to a log file (appended, one write per line, so concurrent sessions do not interleave) or,
 * without one, to standard error.
 */
public final class ServeLog {
    private final Clock clock;
    private final String host;
    private final long pid;
    private final String client;
    private final Optional<Path> file;
    private final PrintWriter stderr;

    public ServeLog(Clock clock, Optional<Path> file, PrintWriter stderr, String client) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.file = Objects.requireNonNull(file, "file");
        this.stderr = Objects.requireNonNull(stderr, "stderr");
        this.client = client == null || client.isBlank() ? "(unknown client)" : client.split(" ")[0];
        this.host = hostName();
        this.pid = ProcessHandle.current().pid();
    }

    public void line(String message) {
        String line = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS) + " " + host + " ferry-serve[" + pid
                + "]: from " + client + ": " + message.replace('\n', ' ');
        if (file.isPresent()) {
            try {
                Files.writeString(file.get(), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                return;
            } catch (IOException e) {
                stderr.println("ferry serve: cannot write the log " + file.get() + ": " + e.getMessage());
            }
        }
        stderr.println(line);
        stderr.flush();
    }

    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }
}
