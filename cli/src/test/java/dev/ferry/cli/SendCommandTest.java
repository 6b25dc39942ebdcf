package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.Shell;
import dev.ferry.btrfs.testing.tree.ComparisonOptions;
import dev.ferry.btrfs.testing.tree.TreeComparison;
import dev.ferry.btrfs.testing.tree.TreeState;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code ferry send} end to end: its streams go into the real btrfs receive. */
@ExtendWith(LoopBtrfsExtension.class)
class SendCommandTest {

    record Run(int exitCode, byte[] stdout, String err) {
    }

    static Run ferry(Consumer<SendCommand> setUp, String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        CommandLine cl = Ferry.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        SendCommand send = cl.getSubcommands().get("send").getCommand();
        send.stdout = stdout;
        send.stdoutIsTerminal = () -> false;
        setUp.accept(send);
        int code = cl.execute(args);
        return new Run(code, stdout.toByteArray(), err.toString());
    }

    static Run ferry(String... args) {
        return ferry(s -> { }, args);
    }

    private static void makeSnapshots(LoopBtrfs fs) {
        Shell.sh("cd " + fs.mountPoint() + " && set -e\n"
                + "btrfs -q subvolume create vol && mkdir vol/d && echo hi > vol/d/f && head -c 200000 /dev/urandom > vol/big\n"
                + "btrfs -q subvolume snapshot -r vol s1\n"
                + "mv vol/d vol/e && echo more >> vol/big && ln vol/e/f vol/link\n"
                + "btrfs -q subvolume snapshot -r vol s2\n");
    }

    private static void receive(Path stream, Path destination) {
        Shell.Result r = Shell.exec("btrfs", "receive", "-f", stream.toString(), destination.toString());
        assertEquals(0, r.exitCode(), r.stderr());
    }

    private static void assertReceived(LoopBtrfs source, LoopBtrfs destination, String name) throws Exception {
        TreeComparison.assertSame(TreeState.capture(source.path(name)), TreeState.capture(destination.path(name)),
                ComparisonOptions.STRICT);
    }

    @Test
    void zstdFileThenRawIncrementalOnStdoutAreReceived(LoopBtrfs source, LoopBtrfs destination) throws Exception {
        makeSnapshots(source);
        Path framed = source.scratch().resolve("s1.zst");
        Run full = ferry("send", "-f", framed.toString(), source.path("s1").toString());
        assertEquals(0, full.exitCode(), full.err());
        assertEquals("", full.err());
        Path raw = source.scratch().resolve("s1.btrfs");
        Shell.run("zstd", "-q", "-d", framed.toString(), "-o", raw.toString());
        receive(raw, destination.mountPoint());

        Run incremental = ferry("send", "--raw", "--proto", "2", "-p", source.path("s1").toString(), source.path("s2").toString());
        assertEquals(0, incremental.exitCode(), incremental.err());
        Path stream = Files.write(source.scratch().resolve("s2.btrfs"), incremental.stdout());
        receive(stream, destination.mountPoint());

        assertReceived(source, destination, "s1");
        assertReceived(source, destination, "s2");
    }

    @Test
    void severalSnapshotsGiveConcatenatedStreams(LoopBtrfs source, LoopBtrfs destination) throws Exception {
        makeSnapshots(source);
        Run run = ferry("send", "--raw", source.path("s1").toString(), source.path("s2").toString());
        assertEquals(0, run.exitCode(), run.err());
        receive(Files.write(source.scratch().resolve("both.btrfs"), run.stdout()), destination.mountPoint());
        assertReceived(source, destination, "s1");
        assertReceived(source, destination, "s2");
    }

    @Test
    void writableSnapshotIsRefusedWithOneLineSayingHowToFixIt(LoopBtrfs source) throws Exception {
        makeSnapshots(source);
        Path out = source.scratch().resolve("out");
        Run run = ferry("send", "-f", out.toString(), source.path("vol").toString());
        assertEquals(1, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("ferry send: "), run.err());
        assertTrue(run.err().contains("btrfs property set -ts"), run.err());
        assertFalse(Files.exists(out), "no partial stream left behind");
    }

    @Test
    void refusesToWriteToATerminalAndRejectsBadArguments(LoopBtrfs source) throws Exception {
        makeSnapshots(source);
        Run terminal = ferry(s -> s.stdoutIsTerminal = () -> true, "send", source.path("s1").toString());
        assertEquals(2, terminal.exitCode());
        assertTrue(terminal.err().contains("terminal"), terminal.err());
        assertEquals(0, terminal.stdout().length);

        assertEquals(2, ferry("send", "--proto", "3", source.path("s1").toString()).exitCode());
        assertEquals(2, ferry("send", "--level", "99", source.path("s1").toString()).exitCode());
        assertEquals(2, ferry("send").exitCode());
    }
}
