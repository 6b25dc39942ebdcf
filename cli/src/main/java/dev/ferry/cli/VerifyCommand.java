package dev.ferry.cli;

import dev.ferry.archive.ArchiveEntry;
import dev.ferry.archive.ArchiveVerifier;
import dev.ferry.archive.Chain;
import dev.ferry.archive.StreamArchive;
import dev.ferry.archive.VerifyProblem;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry verify TARGET [SNAPSHOT]}: checks a stream-file target without writing: every
 * stream file's size and sha256 against its sidecar, every stream parsed to its END (every crc),
 * every incremental's parent present. Exit 0 when all is well, 1 with one line per problem.
 */
@Command(name = "verify", sortOptions = false,
        description = {"Checks the backups of a stream-file target (file:///path) without writing anything:",
                "sizes and sha256s against the sidecars, every stream parsed (every crc), every chain whole.",
                "Exit status: 0 all good, 1 problems found (one line each), 2 bad arguments."})
final class VerifyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TARGET", description = "file:///path (or the directory's path).")
    String target;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SNAPSHOT",
            description = "Only the chain that restores SNAPSHOT (a name, a uuid or 'latest'); default: every backup.")
    String snapshot;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            StreamArchive archive = ArchiveArgument.open(target);
            List<ArchiveEntry> checked;
            List<VerifyProblem> problems;
            if (snapshot == null) {
                checked = archive.completeEntries();
                problems = ArchiveVerifier.verifyAll(archive);
            } else {
                Chain chain = archive.chainTo(archive.find(snapshot));
                checked = chain.entries();
                problems = ArchiveVerifier.verify(archive, chain);
            }
            problems.forEach(p -> err.println("ferry verify: " + p));
            long bytes = checked.stream().mapToLong(ArchiveEntry::fileBytes).sum();
            out.printf("%s: %d backup(s), %d bytes checked, %s%n", archive, checked.size(), bytes,
                    problems.isEmpty() ? "all good" : problems.size() + " problem(s)");
            return problems.isEmpty() ? 0 : 1;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (IOException e) {
            err.println("ferry verify: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
