package dev.ferry.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;
import picocli.CommandLine;

/** One in-process run of {@code ferry ARGS}, with what it printed on stdout and stderr. */
record FerryRun(int exitCode, String out, String err) {

    static FerryRun of(String... args) {
        return of(cli -> { }, args);
    }

    /** {@code setUp} may reach into a subcommand before the run, e.g. to give it stdin or a fixed clock. */
    static FerryRun of(Consumer<CommandLine> setUp, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Ferry.commandLine(args); // as main builds it
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        setUp.accept(cli);
        int exitCode = cli.execute(args);
        return new FerryRun(exitCode, out.toString(), err.toString());
    }
}
