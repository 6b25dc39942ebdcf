package dev.ferry.cli;

import dev.ferry.scheduler.backup.VolumeJob;
import dev.ferry.scheduler.config.Config;
import dev.ferry.scheduler.config.ConfigException;
import dev.ferry.scheduler.config.ConfigLoader;
import dev.ferry.scheduler.config.CronSchedule;
import dev.ferry.scheduler.config.DaemonSettings;
import dev.ferry.scheduler.config.VolumeSchedule;
import dev.ferry.scheduler.daemon.Daemon;
import dev.ferry.scheduler.daemon.DaemonException;
import dev.ferry.scheduler.daemon.DaemonPlan;
import dev.ferry.scheduler.daemon.PlanCheck;
import dev.ferry.scheduler.daemon.Signals;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ferry daemon}: one long-running service that snapshots, backs up and prunes on
 * schedules, instead of cron lines. The scheduling itself lives in the scheduler module
 * ({@link Daemon}); this wires the command line to it.
 */
@Command(name = "daemon", sortOptions = false, exitCodeOnInvalidInput = 1,
        description = {"Runs snapshot, backup and prune jobs on cron schedules (Quartz syntax, seconds first: "
                + "'0 0 * * * ?' is hourly), from the config's 'schedule:' keys or, for one volume, --schedule.",
                "A firing missed while the daemon was not running runs once at start-up. No two jobs of a volume "
                        + "overlap. SIGTERM: no new jobs, running ones get --grace to finish, then are aborted "
                        + "(an aborted backup leaves nothing that looks complete). SIGHUP or a changed config file: reload.",
                "With 'daemon: store: jdbc' in the config, several daemons share the jobs through PostgreSQL.",
                "Exit status: 143 stopped by SIGTERM (130 by SIGINT), 0 after --check, 1 bad arguments, config "
                        + "or start-up failure."})
public class DaemonCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    VolumeOptions volumes = new VolumeOptions();

    @Option(names = "--schedule", paramLabel = "CRON",
            description = "Without --config: when to back up SUBVOL (snapshot, send, prune), e.g. '0 0 * * * ?'.")
    String schedule;

    @Option(names = "--check", description = "Check the config and print each job with its next fire times; run nothing.")
    boolean check;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Job history and schedule for ferry status (default: the config's, or /var/lib/ferry).")
    Path stateDir;

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "This daemon's name in a cluster (default: the config's, or the host name).")
    String instanceId;

    @Option(names = "--metrics", paramLabel = "HOST:PORT",
            description = "Serve Prometheus metrics on http://HOST:PORT/metrics, e.g. 127.0.0.1:9811.")
    String metrics;

    @Option(names = "--grace", paramLabel = "DURATION",
            description = "On SIGTERM, how long running jobs may take to finish before they are aborted (default: 5m).")
    String grace;

    @Option(names = "--overlap", paramLabel = "wait|skip",
            description = "A firing while a job of the same volume runs: runs after it (wait, default) or is skipped.")
    String overlap;

    @Option(names = {"-v", "--verbose"}, description = "Log every run, and Quartz's own messages, on standard error.")
    boolean verbose;

    /** Tests run the daemon in-process: no signal handlers on the test JVM, and a hand on the daemon to stop it. */
    boolean installSignals = true;
    Consumer<Daemon> onStart = d -> { };

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        PrintWriter err = cmd.getErr();
        Consumer<String> log = line -> {
            err.println("ferry daemon: " + line);
            err.flush();
        };
        try {
            Daemon.PlanSource source = planSource(cmd);
            DaemonPlan plan = source.load();
            if (check) {
                PlanCheck.describe(plan, Instant.now()).forEach(cmd.getOut()::println);
                cmd.getOut().flush();
                return 0;
            }
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
            Daemon daemon = Daemon.start(source, log, verbose ? log : line -> { });
            Duration stopGrace = plan.settings().grace();
            if (installSignals) {
                Signals.install(daemon, stopGrace, log);
            }
            daemon.metricsAddress().ifPresent(a -> log.accept("metrics on http://" + a.getHostString() + ":"
                    + a.getPort() + "/metrics"));
            onStart.accept(daemon);
            daemon.awaitStopped();
            return 0;
        } catch (ConfigException e) {
            err.println("ferry daemon: " + e.getMessage());
            return 1;
        } catch (DaemonException e) {
            err.println("ferry daemon: " + e.getMessage());
            return 1;
        } finally {
            err.flush();
        }
    }

    /** The flags' daemon settings over the config's. */
    private DaemonSettings overrides(CommandLine cmd, DaemonSettings base) {
        DaemonSettings s = base;
        try {
            if (stateDir != null) {
                s = s.withStateDir(stateDir.toAbsolutePath().normalize());
            }
            if (instanceId != null) {
                s = s.withInstanceId(instanceId);
            }
            if (metrics != null) {
                s = s.withMetrics(DaemonSettings.parseListenAddress(metrics));
            }
            if (grace != null) {
                s = s.withGrace(DaemonSettings.parseDuration(grace));
            }
            if (overlap != null) {
                s = s.withOverlap(DaemonSettings.Overlap.parse(overlap));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
        return s;
    }

    private Daemon.PlanSource planSource(CommandLine cmd) throws ConfigException {
        if (volumes.config != null) {
            if (schedule != null) {
                throw new CommandLine.ParameterException(cmd, "--schedule is for the quick form without --config; "
                        + "a config gives each volume its 'schedule:'");
            }
            Path file = volumes.config;
            List<String> selected = List.copyOf(volumes.arguments);
            return new Daemon.PlanSource() {
                @Override
                public DaemonPlan load() throws ConfigException {
                    Config config = ConfigLoader.load(file);
                    Config chosen = new Config(config.file(), config.zone(), config.weekStart(),
                            config.select(selected), config.schedules(), config.daemon());
                    DaemonPlan plan = DaemonPlan.of(chosen);
                    return plan.withSettings(overrides(cmd, plan.settings()));
                }

                @Override
                public Optional<Path> file() {
                    return Optional.of(file);
                }
            };
        }
        if (schedule == null) {
            throw new CommandLine.ParameterException(cmd, "give --config FILE, or SUBVOL --snapshot-dir DIR --target TARGET... "
                    + "--schedule CRON");
        }
        CronSchedule cron;
        try {
            cron = CronSchedule.parse(schedule);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--schedule: " + e.getMessage());
        }
        VolumeOptions.Selection selection = volumes.select(cmd, true);
        VolumeJob job = selection.volumes().get(0);
        DaemonPlan plan = new DaemonPlan(List.of(job), Map.of(job.name(), new VolumeSchedule(Optional.empty(),
                Optional.of(cron), Optional.empty(), Map.of())), selection.zone(), selection.weekStart(),
                overrides(cmd, DaemonSettings.defaults()), Duration.ofMinutes(1));
        return Daemon.PlanSource.fixed(plan);
    }
}
