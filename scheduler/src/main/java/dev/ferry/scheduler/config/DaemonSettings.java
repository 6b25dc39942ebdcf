package dev.ferry.scheduler.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code ferry daemon} runs: the {@code daemon:} section of the config, or its flags.
 *
 * @param store      where Quartz keeps jobs and triggers: in memory, or shared on PostgreSQL
 * @param jdbc       the database of {@code store: jdbc}
 * @param instanceId this daemon's name in a cluster (default: the host name)
 * @param stateDir   where the job history and the schedule for {@code ferry status} are kept
 * @param overlap    what a firing does while a job for the same volume is still running
 * @param grace      on SIGTERM, how long running jobs may take to finish before they are aborted
 * @param threads    jobs (of different volumes) that may run at once
 * @param metrics    where to serve Prometheus metrics, if anywhere
 */
public record DaemonSettings(Store store, Optional<Jdbc> jdbc, Optional<String> instanceId, Path stateDir,
                             Overlap overlap, Duration grace, int threads, Optional<InetSocketAddress> metrics) {
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/ferry");
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);
    public static final int DEFAULT_THREADS = 4;

    public DaemonSettings {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(jdbc, "jdbc");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(overlap, "overlap");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(metrics, "metrics");
        if (store == Store.JDBC && jdbc.isEmpty()) {
            throw new IllegalArgumentException("store: jdbc needs a 'jdbc' section with url, user and password");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
    }

    public static DaemonSettings defaults() {
        return new DaemonSettings(Store.MEMORY, Optional.empty(), Optional.empty(), DEFAULT_STATE_DIR, Overlap.WAIT,
                DEFAULT_GRACE, DEFAULT_THREADS, Optional.empty());
    }

    public DaemonSettings withStateDir(Path dir) {
        return new DaemonSettings(store, jdbc, instanceId, dir, overlap, grace, threads, metrics);
    }

    public DaemonSettings withInstanceId(String id) {
        return new DaemonSettings(store, jdbc, Optional.of(id), stateDir, overlap, grace, threads, metrics);
    }

    public DaemonSettings withOverlap(Overlap o) {
        return new DaemonSettings(store, jdbc, instanceId, stateDir, o, grace, threads, metrics);
    }

    public DaemonSettings withGrace(Duration g) {
        return new DaemonSettings(store, jdbc, instanceId, stateDir, overlap, g, threads, metrics);
    }

    public DaemonSettings withMetrics(InetSocketAddress address) {
        return new DaemonSettings(store, jdbc, instanceId, stateDir, overlap, grace, threads, Optional.of(address));
    }

    /** Quartz's job store. */
    public enum Store {
        /** RAMJobStore: one daemon; missed firings are found from the job history at start-up. */
        MEMORY,
        /** Quartz's clustered JDBC job store on PostgreSQL: several daemons share the jobs. */
        JDBC;

        public static Store parse(String text) {
            return switch (text.strip()) {
                case "memory" -> MEMORY;
                case "jdbc" -> JDBC;
                default -> throw new IllegalArgumentException("unknown store '" + text + "' (expected memory or jdbc)");
            };
        }
    }

    /** A firing that comes while a job for the same volume runs. */
    public enum Overlap {
        /** Runs once the running job has finished (once, however many firings came meanwhile). */
        WAIT,
        /** Is skipped, and recorded as skipped. */
        SKIP;

        public static Overlap parse(String text) {
            return switch (text.strip()) {
                case "wait" -> WAIT;
                case "skip" -> SKIP;
                default -> throw new IllegalArgumentException("unknown overlap policy '" + text + "' (expected wait or skip)");
            };
        }
    }

    /**
     * A PostgreSQL database for Quartz's tables (created on first start).
     *
     * @param password empty for trust or peer authentication
     */
    public record Jdbc(String url, String user, Optional<String> password) {
        public Jdbc {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("the clustered store runs on PostgreSQL: url must start with "
                        + "jdbc:postgresql:, not '" + url + "'");
            }
        }

        @Override
        public String toString() {
            return url + " as " + user; // never the password
        }
    }

    /** A duration written {@code 90s}, {@code 5m} or {@code 1h}. */
    public static Duration parseDuration(String text) {
        String t = text.strip();
        try {
            if (t.length() >= 2) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                if (n >= 0) {
                    switch (t.charAt(t.length() - 1)) {
                        case 's': return Duration.ofSeconds(n);
                        case 'm': return Duration.ofMinutes(n);
                        case 'h': return Duration.ofHours(n);
                        default: break;
                    }
                }
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("not a duration: '" + text + "' (expected e.g. 90s, 5m or 1h)");
    }

    /** {@code HOST:PORT} to listen on, e.g. {@code 127.0.0.1:9811}. */
    public static InetSocketAddress parseListenAddress(String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        try {
            if (colon > 0) {
                String host = t.substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                int port = Integer.parseInt(t.substring(colon + 1));
                if (port >= 0 && port <= 65535) {
                    return new InetSocketAddress(host, port);
                }
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("not HOST:PORT: '" + text + "' (e.g. 127.0.0.1:9811)");
    }
}
