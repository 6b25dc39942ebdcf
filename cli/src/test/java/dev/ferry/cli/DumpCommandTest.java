package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.btrfs.testing.Shell;
import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import dev.ferry.stream.StreamWriter;
import dev.ferry.stream.Timespec;
import dev.ferry.stream.WriterOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** ferry dump as a command: exit codes, messages, concatenated streams, stdin, TZ, closed pipes. No kernel needed. */
class DumpCommandTest {
    private static final UUID A = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final UUID B = UUID.fromString("66666666-7777-8888-9999-000000000000");

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run ferry(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DumpCommand(out, ZoneOffset.UTC)).setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    private static byte[] stream(int version, Command... commands) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (StreamWriter w = StreamWriter.open(bytes, WriterOptions.raw(version))) {
            for (Command c : commands) {
                w.write(c);
            }
        }
        return bytes.toByteArray();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static Command utimes(String path) {
        Timespec t = new Timespec(1_795_295_978L, 0);
        return new Command.Utimes(ByteString.utf8(path), t, t, t, Optional.empty());
    }

    private static byte[] twoConcatenatedStreams() throws IOException {
        return stream(1,
                new Command.Subvol(ByteString.utf8("a"), A, 7), new Command.MkFile(ByteString.utf8("f"), 257),
                new Command.End(),
                new Command.Subvol(ByteString.utf8("b"), B, 8), utimes(""), new Command.End());
    }

    @Test
    void dumpsEveryConcatenatedStreamNotOnlyTheFirst() throws IOException {
        Path f = file("two", twoConcatenatedStreams());
        Run run = ferry(f.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("""
                subvol          ./a                             uuid=11111111-2222-3333-4444-555555555555 transid=7
                mkfile          ./a/f
                subvol          ./b                             uuid=66666666-7777-8888-9999-000000000000 transid=8
                utimes          ./b/                            atime=2026-11-21T21:19:38+0000 mtime=2026-11-21T21:19:38+0000 ctime=2026-11-21T21:19:38+0000
                """, run.out());
        assertEquals("", run.err());

        Run json = ferry("--json", f.toString());
        List<String> lines = json.out().lines().toList();
        assertEquals(6, lines.size(), "END is a command in JSON");
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(i, new ObjectMapper().readTree(lines.get(i)).get("index").asInt());
        }
        assertEquals("end", new ObjectMapper().readTree(lines.get(5)).get("command").asText());
    }

    @Test
    void aTruncatedStreamFailsAfterPrintingWhatCameBefore() throws IOException {
        byte[] whole = twoConcatenatedStreams();
        Path f = file("cut", Arrays.copyOf(whole, whole.length - 10)); // without the last END
        Run run = ferry(f.toString());
        assertEquals(1, run.exit());
        assertEquals(4, run.out().lines().count(), run.out());
        assertEquals("ferry dump: " + f + ": command 5 at byte " + (whole.length - 10) + ": stream ends without END\n",
                run.err());
    }

    @Test
    void notAStreamAndMissingFilesExit1UsageErrorsExit2() throws IOException {
        Run garbage = ferry(file("garbage", "hello world, not a stream".getBytes(StandardCharsets.US_ASCII)).toString());
        assertEquals(1, garbage.exit());
        assertTrue(garbage.err().startsWith("ferry dump: " + dir.resolve("garbage") + ": stream header at byte 0: not a btrfs send stream"),
                garbage.err());

        Run missing = ferry(dir.resolve("nope").toString());
        assertEquals(1, missing.exit());
        assertEquals("ferry dump: cannot read " + dir.resolve("nope") + ": no such file\n", missing.err());

        assertEquals(2, ferry("--bogus").exit());
        assertEquals(2, ferry("a", "b").exit());
    }

    /** The real thing: a separate JVM, stdin, TZ from the environment, and a reader that goes away. */
    @Test
    void inASeparateProcessReadsStdinHonoursTzAndStopsQuietlyWhenThePipeCloses() throws IOException {
        Path f = file("two", twoConcatenatedStreams());
        Shell.Result kolkata = Shell.exec(null, Files.readAllBytes(f), "env", "TZ=Asia/Kolkata", java(), "-cp", classpath(),
                Ferry.class.getName(), "dump", "-");
        assertEquals(0, kolkata.exitCode(), kolkata.stderr());
        assertTrue(kolkata.out().contains("atime=2026-11-22T02:49:38+0530 "), kolkata.out());

        Command[] many = new Command[20_002];
        many[0] = new Command.Subvol(ByteString.utf8("a"), A, 7);
        for (int i = 1; i <= 20_000; i++) {
            many[i] = new Command.Truncate(ByteString.utf8("file-" + i), i);
        }
        many[20_001] = new Command.End();
        Path big = file("big", stream(1, many)); // dumps to ~1.4 MB, far more than a pipe holds
        Shell.Result piped = Shell.exec("bash", "-c",
                "'" + java() + "' -cp '" + classpath() + "' " + Ferry.class.getName() + " dump '" + big
                        + "' | head -n 1 >/dev/null; echo \"${PIPESTATUS[0]}\"");
        assertEquals("141", piped.out().strip(), "exit status of ferry dump");
        assertEquals("", piped.stderr(), "nothing on stderr");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classpath() {
        return System.getProperty("java.class.path");
    }
}
