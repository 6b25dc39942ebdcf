package dev.ferry.scheduler.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ferry.retention.Policy;
import dev.ferry.scheduler.target.SshSettings;
import dev.ferry.scheduler.target.TargetAddress;
import dev.ferry.scheduler.target.TargetSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The config file as written, before defaults are filled in. Keys are kebab-case; every value
 * is checked while it is read (see {@link ConfigLoader}), so errors carry their line.
 */
record ConfigFile(
        @JsonProperty("timezone") ZoneId timezone,
        @JsonProperty("week-start") DayOfWeek weekStart,
        @JsonProperty("keep") Policy keep,
        @JsonProperty("target-keep") Policy targetKeep,
        @JsonProperty("volumes") List<VolumeEntry> volumes,
        @JsonProperty("daemon") DaemonEntry daemon) {

    ConfigFile {
        if (volumes == null || volumes.isEmpty()) {
            throw new IllegalArgumentException("'volumes' is required: a list of volumes, each with a source and targets");
        }
        volumes = List.copyOf(volumes);
    }

    record VolumeEntry(
            @JsonProperty("name") String name,
            @JsonProperty("source") SourcePath source,
            @JsonProperty("source-ssh") SshEntry sourceSsh,
            @JsonProperty("snapshot-dir") AbsolutePath snapshotDir,
            @JsonProperty("scheme") SchemeName scheme,
            @JsonProperty("if-changed") Boolean ifChanged,
            @JsonProperty("keep") Policy keep,
            @JsonProperty("target-keep") Policy targetKeep,
            @JsonProperty("targets") List<TargetEntry> targets,
            @JsonProperty("schedule") ScheduleEntry schedule) {

        VolumeEntry {
            if (source == null) {
                throw new IllegalArgumentException("'source' is required: the subvolume to back up");
            }
            if (snapshotDir == null) {
                throw new IllegalArgumentException("'snapshot-dir' is required: where the source's snapshots go");
            }
            if (sourceSsh != null && source.ssh().isEmpty()) {
                throw new IllegalArgumentException("'source-ssh' applies to ssh:// sources (pull mode) only, not to "
                        + source.path());
            }
            targets = targets == null ? List.of() : List.copyOf(targets);
        }

        /** In pull mode, the source host and how to reach it. */
        java.util.Optional<dev.ferry.scheduler.source.RemoteSource> remote() {
            return source.ssh().map(address -> new dev.ferry.scheduler.source.RemoteSource(address,
                    sourceSsh == null ? SshSettings.defaults() : sourceSsh.settings()));
        }
    }

    /**
     * A volume's source: an absolute path here, or {@code ssh://[user@]host[:port]/path} on a
     * source host that the backup host pulls from.
     */
    record SourcePath(Path path, java.util.Optional<TargetAddress.Ssh> ssh) {
        static SourcePath parse(String text) {
            if (text.startsWith("ssh:")) {
                if (TargetAddress.parse(text) instanceof TargetAddress.Ssh address) {
                    return new SourcePath(address.dir(), java.util.Optional.of(address));
                }
            }
            return new SourcePath(AbsolutePath.parse(text).path(), java.util.Optional.empty());
        }
    }

    record TargetEntry(
            @JsonProperty("target") TargetAddress target,
            @JsonProperty("keep") Policy keep,
            @JsonProperty("ssh") SshEntry ssh,
            @JsonProperty("max-chain") MaxChain maxChain,
            @JsonProperty("schedule") CronSchedule schedule) {

        TargetEntry {
            if (target == null) {
                throw new IllegalArgumentException("'target' is required: /path, file:///path or ssh://[user@]host[:port]/path");
            }
            if (ssh != null && !(target instanceof TargetAddress.Ssh)) {
                throw new IllegalArgumentException("'ssh' applies to ssh:// targets only, not to " + target);
            }
            if (maxChain != null && !(target instanceof TargetAddress.StreamFiles)) {
                throw new IllegalArgumentException("'max-chain' applies to file:// targets only, not to " + target);
            }
        }

        TargetSettings settings() {
            TargetSettings settings = TargetSettings.defaults();
            if (ssh != null) {
                settings = settings.withSsh(ssh.settings());
            }
            return maxChain == null ? settings : settings.withMaxChain(maxChain.streams());
        }
    }

    /**
     * How to reach an ssh target, each key optional.
     *
     * @param identity    the private key to log in with ({@code ssh -i}); it must exist
     * @param options     ssh {@code -o} options, {@code Name=value}
     * @param remoteFerry how to run ferry on the other side (default {@code ferry})
     */
    record SshEntry(
            @JsonProperty("identity") IdentityFile identity,
            @JsonProperty("options") List<String> options,
            @JsonProperty("remote-ferry") String remoteFerry,
            @JsonProperty("cipher") String cipher,
            @JsonProperty("reuse") Integer reuseSeconds) {

        SshEntry {
            options = options == null ? List.of() : List.copyOf(options);
            // SshSettings checks the options and the remote command; fail here, where the line is known.
            settings(identity, options, remoteFerry, cipher, reuseSeconds);
        }

        SshSettings settings() {
            return settings(identity, options, remoteFerry, cipher, reuseSeconds);
        }

        private static SshSettings settings(IdentityFile identity, List<String> options, String remoteFerry,
                                            String cipher, Integer reuseSeconds) {
            SshSettings settings = new SshSettings(Optional.ofNullable(identity).map(IdentityFile::path), options,
                    remoteFerry == null ? SshSettings.DEFAULT_REMOTE_FERRY : remoteFerry);
            if (cipher != null) {
                settings = settings.withCipher(cipher);
            }
            return reuseSeconds == null ? settings
                    : settings.withConnectionReuse(java.time.Duration.ofSeconds(reuseSeconds));
        }
    }

    /**
     * A private key file that exists: ssh given a missing {@code -i} file only warns and logs in
     * with whatever other key it finds, which is not what the config asked for.
     */
    record IdentityFile(Path path) {
        static IdentityFile parse(String text) {
            Path path = AbsolutePath.parse(text).path();
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("no such identity file: " + path);
            }
            return new IdentityFile(path);
        }
    }

    /** A stream-file target's streams per chain, the full one included. */
    record MaxChain(int streams) {
        static MaxChain parse(String text) {
            try {
                int streams = Integer.parseInt(text.strip());
                if (streams >= 1) {
                    return new MaxChain(streams);
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new IllegalArgumentException("max-chain is a number of streams, at least 1, not '" + text + "'");
        }
    }

    /** An absolute path: a cron job's working directory is no place to resolve a relative one. */
    record AbsolutePath(Path path) {
        static AbsolutePath parse(String text) {
            Path path = Path.of(text);
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("needs an absolute path, not '" + text + "'");
            }
            return new AbsolutePath(path.normalize());
        }
    }

    /** A volume's schedules for {@code ferry daemon}; {@code ferry backup} ignores them. */
    record ScheduleEntry(
            @JsonProperty("snapshot") CronSchedule snapshot,
            @JsonProperty("backup") CronSchedule backup,
            @JsonProperty("prune") CronSchedule prune) {
    }

    /** The {@code daemon:} section; each key optional. */
    record DaemonEntry(
            @JsonProperty("store") DaemonSettings.Store store,
            @JsonProperty("jdbc") JdbcEntry jdbc,
            @JsonProperty("instance-id") String instanceId,
            @JsonProperty("state-dir") AbsolutePath stateDir,
            @JsonProperty("overlap") DaemonSettings.Overlap overlap,
            @JsonProperty("grace") Grace grace,
            @JsonProperty("threads") Integer threads,
            @JsonProperty("metrics") ListenAddress metrics) {

        DaemonEntry {
            if (store == DaemonSettings.Store.JDBC && jdbc == null) {
                throw new IllegalArgumentException("store: jdbc needs a 'jdbc' section with url, user and password");
            }
            if (threads != null && threads < 1) {
                throw new IllegalArgumentException("'threads' must be at least 1, not " + threads);
            }
        }

        DaemonSettings settings() {
            DaemonSettings d = DaemonSettings.defaults();
            return new DaemonSettings(store == null ? d.store() : store,
                    Optional.ofNullable(jdbc).map(JdbcEntry::jdbc), Optional.ofNullable(instanceId),
                    stateDir == null ? d.stateDir() : stateDir.path(), overlap == null ? d.overlap() : overlap,
                    grace == null ? d.grace() : grace.duration(), threads == null ? d.threads() : threads,
                    Optional.ofNullable(metrics).map(ListenAddress::address));
        }
    }

    /** The clustered store's database; the password inline or, better, in a file only root can read. */
    record JdbcEntry(
            @JsonProperty("url") String url,
            @JsonProperty("user") String user,
            @JsonProperty("password") String password,
            @JsonProperty("password-file") AbsolutePath passwordFile) {

        JdbcEntry {
            if (url == null || user == null) {
                throw new IllegalArgumentException("'jdbc' needs 'url' (jdbc:postgresql://HOST:PORT/DB) and 'user'");
            }
            if (password != null && passwordFile != null) {
                throw new IllegalArgumentException("give 'password' or 'password-file', not both");
            }
            jdbc(url, user, password, passwordFile); // checks the url, reads the file: fail here, where the line is known
        }

        DaemonSettings.Jdbc jdbc() {
            return jdbc(url, user, password, passwordFile);
        }

        private static DaemonSettings.Jdbc jdbc(String url, String user, String password, AbsolutePath file) {
            if (file == null) {
                return new DaemonSettings.Jdbc(url, user, Optional.ofNullable(password));
            }
            try {
                return new DaemonSettings.Jdbc(url, user, Optional.of(Files.readString(file.path()).strip()));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read password-file " + file.path() + ": " + e.getMessage());
            }
        }
    }

    /** How long SIGTERM waits for running jobs. */
    record Grace(java.time.Duration duration) {
        static Grace parse(String text) {
            return new Grace(DaemonSettings.parseDuration(text));
        }
    }

    /** Where the metrics endpoint listens. */
    record ListenAddress(java.net.InetSocketAddress address) {
        static ListenAddress parse(String text) {
            return new ListenAddress(DaemonSettings.parseListenAddress(text));
        }
    }
}
