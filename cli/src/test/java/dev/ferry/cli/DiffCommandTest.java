package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.Shell;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code ferry diff} end to end: arguments, both output forms, notices and exit codes. */
@ExtendWith(LoopBtrfsExtension.class)
class DiffCommandTest {

    record Run(int exitCode, String stdout, String err) {
    }

    static Run ferry(OutputStream stdout, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = Ferry.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        DiffCommand diff = cl.getSubcommands().get("diff").getCommand();
        diff.stdout = stdout;
        int code = cl.execute(args);
        String printed = stdout instanceof ByteArrayOutputStream bytes ? bytes.toString(StandardCharsets.UTF_8) : "";
        return new Run(code, printed, err.toString());
    }

    static Run ferry(String... args) {
        return ferry(new ByteArrayOutputStream(), args);
    }

    private static void makeSnapshots(LoopBtrfs fs) {
        Shell.sh("cd " + fs.mountPoint() + " && set -e\n"
                + "btrfs -q subvolume create vol && mkdir vol/d && echo hi > vol/d/f && echo x > vol/gone\n"
                + "btrfs -q subvolume snapshot -r vol s1\n"
                + "mv vol/d vol/e && rm vol/gone && printf x > \"$(printf 'vol/odd\\377')\" && chmod 700 vol/e/f\n"
                + "btrfs -q subvolume snapshot -r vol s2\n");
    }

    @Test
    void textAndJson(LoopBtrfs fs) {
        makeSnapshots(fs); // "gone" and "odd\377" have the same length: the root's size does not change
        Run text = ferry("diff", fs.path("s1").toString(), fs.path("s2").toString());
        assertEquals(0, text.exitCode(), text.err());
        assertEquals("", text.err());
        assertEquals("""
                M\t/\t.\tmtime,ctime
                R\t/\td -> e
                M\tF\te/f\tmode,ctime
                -\tF\tgone
                +\tF\todd\\377
                """, text.stdout());

        Run json = ferry("diff", "--json", fs.path("s1").toString(), fs.path("s2").toString());
        assertEquals(0, json.exitCode(), json.err());
        assertEquals("""
                {"change":"modified","type":"dir","path":"","aspects":["mtime","ctime"]}
                {"change":"renamed","type":"dir","path":"d","new_path":"e"}
                {"change":"modified","type":"file","path":"e/f","aspects":["mode","ctime"]}
                {"change":"deleted","type":"file","path":"gone"}
                {"change":"added","type":"file","path_base64":"b2Rk/w=="}
                """, json.stdout());
    }

    @Test
    void notASnapshotIsExitOneAndNoArgumentsIsTwo(LoopBtrfs fs) {
        makeSnapshots(fs);
        Run writable = ferry("diff", fs.path("s1").toString(), fs.path("vol").toString());
        assertEquals(1, writable.exitCode());
        assertTrue(writable.err().startsWith("ferry diff: ") && writable.err().contains("not read-only"), writable.err());
        Run missing = ferry("diff", fs.path("s1").toString(), fs.path("nowhere").toString());
        assertEquals(1, missing.exitCode(), missing.err());
        assertEquals(2, ferry("diff", fs.path("s1").toString()).exitCode());
    }

    @Test
    void unrelatedSnapshotsGetANoticeOnStderr(LoopBtrfs fs) {
        makeSnapshots(fs);
        Shell.sh("cd " + fs.mountPoint() + " && btrfs -q subvolume create other && echo hi > other/f"
                + " && btrfs -q subvolume snapshot -r other s3");
        Run run = ferry("diff", fs.path("s1").toString(), fs.path("s3").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("ferry diff: ") && run.err().contains("comparing both trees in full"), run.err());
        assertTrue(run.stdout().contains("+\tF\tf\n"), run.stdout());
    }

    @Test
    void aClosedOutputEndsQuietlyWith141(LoopBtrfs fs) {
        makeSnapshots(fs);
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        Run run = ferry(closed, "diff", fs.path("s1").toString(), fs.path("s2").toString());
        assertEquals(141, run.exitCode(), run.err());
        assertEquals("", run.err());
    }
}
