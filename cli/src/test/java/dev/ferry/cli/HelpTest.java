package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/** Every command, however deep, answers --help with its usage and exit status 0. */
class HelpTest {

    @TestFactory
    Stream<DynamicTest> everyCommandHasHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(Ferry.commandLine(), new ArrayList<>(), paths);
        assertTrue(paths.size() > 3, "expected several subcommands, found " + paths);
        return paths.stream().map(path -> DynamicTest.dynamicTest("ferry " + String.join(" ", path) + " --help", () -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CommandLine cli = Ferry.commandLine(args.toArray(String[]::new)); // as main builds it: only this command
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            int status = cli.execute(args.toArray(String[]::new));
            assertEquals(0, status, "exit status; stderr: " + err);
            assertEquals("", err.toString());
            assertTrue(out.toString().startsWith("Usage: ferry"), out.toString());
        }));
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        for (var sub : command.getSubcommands().entrySet()) {
            if (sub.getKey().equals("help")) {
                continue;
            }
            List<String> subPath = new ArrayList<>(path);
            subPath.add(sub.getKey());
            into.add(subPath);
            collect(sub.getValue(), subPath, into);
        }
    }
}
