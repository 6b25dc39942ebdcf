package dev.ferry.cli;

import dev.ferry.scheduler.config.ConfigException;
import dev.ferry.scheduler.config.ConfigLoader;
import dev.ferry.scheduler.config.DaemonSettings;
import dev.ferry.scheduler.daemon.StatusReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry status}: what the daemon did last and does next, from its state directory. */
@Command(name = "status", sortOptions = false, exitCodeOnInvalidInput = 1,
        description = {"Shows each ferry daemon job's last run (time, result, bytes, duration, errors) and next "
                + "fire time, from the daemon's state directory.",
                "Exit status: 0 every job's last run was done (or none ran yet), 1 no readable state, "
                        + "2 a job's last run failed, was aborted or partly done."})
public final class StatusCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Take the state directory from this config.")
    Path config;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "The daemon's state directory (default: /var/lib/ferry).")
    Path stateDir;

    @Option(names = "--json", description = "Print the status as JSON.")
    boolean json;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        PrintWriter out = cmd.getOut();
        PrintWriter err = cmd.getErr();
        try {
            if (config != null && stateDir != null) {
                throw new CommandLine.ParameterException(cmd, "give --config or --state-dir, not both");
            }
            Path dir = stateDir != null ? stateDir
                    : config != null ? ConfigLoader.load(config).daemon().stateDir() : DaemonSettings.DEFAULT_STATE_DIR;
            StatusReport report = StatusReport.read(dir);
            if (json) {
                out.println(report.json());
            } else {
                report.text().forEach(out::println);
            }
            return report.exitStatus();
        } catch (ConfigException | IOException e) {
            err.println("ferry status: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
