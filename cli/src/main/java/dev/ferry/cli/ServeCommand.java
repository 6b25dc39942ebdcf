package dev.ferry.cli;

import dev.ferry.scheduler.serve.Operation;
import dev.ferry.scheduler.serve.ServeLog;
import dev.ferry.scheduler.serve.ServePolicy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Option;

/**
 * {@code ferry serve --allow OPS --root DIR}: the remote side of ssh:// targets and sources as an
 * ssh forced command. It reads what the client asked for from {@code SSH_ORIGINAL_COMMAND} (never
 * through a shell), runs it as {@code ferry target ...} when its operation is allowed and every
 * path it names is beneath the root, and logs one line per request.
 *
 * <p>Which arguments are paths is read from the {@code target} subcommand's own picocli model:
 * every positional parameter or option of type Path is checked. Flags are otherwise passed through
 * as the client gave them and parsed by the subcommand itself, so a flag added to an allowed
 * action later works through serve without a change here.
 */
@Command(name = "serve", sortOptions = false,
        description = {"The remote side for ssh:// targets and sources, as an ssh forced command "
                + "(authorized_keys: command=\"ferry serve --allow receive,list,prune --root /backups\",restrict).",
                "Runs the ferry target command in SSH_ORIGINAL_COMMAND if its operation is allowed and its paths "
                        + "are beneath the root; logs one line per request.",
                "Exit status: that of the command run, 3 refused, 2 bad arguments to serve itself."})
final class ServeCommand implements Callable<Integer> {
    /** Refused: not allowed, outside the root, or not a ferry target command. */
    static final int REFUSED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--allow", required = true, paramLabel = "OPS",
            description = "Operations the key may run, comma-separated: receive, list, prune (push targets); "
                    + "send, list, snapshot, prune (pull sources).")
    String allow;

    @Option(names = "--root", required = true, paramLabel = "DIR",
            description = "The only directory tree the client's paths may name (symlinks resolved).")
    Path root;

    @Option(names = "--log", paramLabel = "FILE", description = "Append the log lines to FILE instead of stderr.")
    Path log;

    /** The environment sshd gives a forced command; tests replace it. */
    Map<String, String> environment = System.getenv();

    /** Runs the allowed target command; tests replace it to give it stdin. */
    java.util.function.Function<List<String>, Integer> ferry = args -> {
        CommandLine cli = Ferry.commandLine(args.toArray(String[]::new));
        cli.setOut(spec.commandLine().getOut());
        cli.setErr(spec.commandLine().getErr());
        return cli.execute(args.toArray(String[]::new));
    };

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ServePolicy policy;
        try {
            policy = new ServePolicy(Operation.parseList(allow), root);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ServeLog serveLog = new ServeLog(Clock.systemUTC(), Optional.ofNullable(log), err,
                environment.get("SSH_CLIENT"));
        String original = environment.get("SSH_ORIGINAL_COMMAND");
        ServePolicy.Request request;
        try {
            request = policy.request(original);
            requirePathsBeneathRoot(policy, request);
        } catch (ServePolicy.Refused e) {
            serveLog.line("refused '" + abbreviate(original) + "': " + e.getMessage());
            err.println("ferry serve: refused: " + e.getMessage());
            err.flush();
            return REFUSED;
        }
        long started = System.nanoTime();
        int status = ferry.apply(request.targetCommand());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        serveLog.line((status == 0 ? "did " : "failed (exit " + status + ") ") + request.operation().word() + ": "
                + request + " in " + ProgressBar.clock(took));
        return status;
    }

    /**
     * Parses the request with the target subcommand's model and checks every Path it holds; a
     * request the subcommand cannot parse is refused here (it would fail there anyway).
     */
    private static void requirePathsBeneathRoot(ServePolicy policy, ServePolicy.Request request)
            throws ServePolicy.Refused {
        CommandLine.ParseResult parsed;
        try {
            // From the top: parsing a subcommand alone trips over the help options it inherits.
            String[] args = request.targetCommand().toArray(String[]::new);
            parsed = Ferry.commandLine(args).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new ServePolicy.Refused("target " + request.action() + ": " + e.getMessage());
        }
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        for (ArgSpec arg : parsed.matchedArgs()) {
            for (Path path : paths(arg)) {
                policy.requireBeneathRoot(path);
            }
        }
    }

    private static List<Path> paths(ArgSpec arg) {
        List<Path> paths = new ArrayList<>();
        Object value = arg.getValue();
        if (value instanceof Path p) {
            paths.add(p);
        } else if (value instanceof Collection<?> values) {
            values.stream().filter(Path.class::isInstance).map(Path.class::cast).forEach(paths::add);
        } else if (value instanceof Path[] array) {
            paths.addAll(List.of(array));
        }
        return paths;
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "(no command)";
        }
        String line = text.strip().replace('\n', ' ');
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
