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
import dev.ferry.stream.ResumeToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code ferry receive --show-resume-token} and {@code ferry send --resume-from}, as a person would use them. */
@ExtendWith(LoopBtrfsExtension.class)
class ResumeCommandsTest {

    @Test
    void anInterruptedReceiveIsResumedFromItsToken(LoopBtrfs fs) throws Exception {
        Shell.sh("cd " + fs.mountPoint() + " && set -e\n"
                + "btrfs -q subvolume create vol && head -c 2000000 /dev/urandom > vol/a && mkdir vol/d && echo x > vol/d/b\n"
                + "btrfs -q subvolume snapshot -r vol snap\n"
                + "echo changed >> vol/d/b && btrfs -q subvolume snapshot -r vol other\n");
        Path snap = fs.path("snap");
        Path full = fs.path("full.stream");
        assertEquals(0, FerryRun.of("send", "--raw", "-f", full.toString(), snap.toString()).exitCode());
        byte[] bytes = Files.readAllBytes(full);
        Path dest = Files.createDirectory(fs.path("dest"));

        FerryRun cut = ReceiveCommandTest.ferry(Arrays.copyOf(bytes, bytes.length / 2), "receive", "-q", dest.toString());
        assertEquals(1, cut.exitCode(), cut.err());
        assertTrue(cut.err().contains("kept the partial receive " + dest.resolve(".ferry-partial.snap")), cut.err());
        assertFalse(Files.exists(dest.resolve("snap")));

        FerryRun shown = FerryRun.of("receive", "--show-resume-token", dest.resolve("snap").toString());
        assertEquals(0, shown.exitCode(), shown.err());
        String token = shown.out().strip();
        assertTrue(ResumeToken.parse(token).index() > 1, token);

        FerryRun wrong = FerryRun.of("send", "--raw", "-f", fs.path("wrong.stream").toString(), "--resume-from", token,
                fs.path("other").toString());
        assertEquals(1, wrong.exitCode());
        assertTrue(wrong.err().contains("cannot resume from " + token), wrong.err());
        assertEquals(2, FerryRun.of("send", "--resume-from", "nonsense", "-f", fs.path("x").toString(), snap.toString()).exitCode());

        Path rest = fs.path("rest.stream");
        FerryRun resumed = FerryRun.of("send", "--raw", "-f", rest.toString(), "--resume-from", token, snap.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(Files.size(rest) < bytes.length * 3 / 4, "the resumed stream carries only the rest");
        FerryRun done = FerryRun.of("receive", "-q", "-f", rest.toString(), dest.toString());
        assertEquals(0, done.exitCode(), done.err());
        TreeComparison.assertSame(TreeState.capture(snap), TreeState.capture(dest.resolve("snap")), ComparisonOptions.btrfsReceive(1));
        assertEquals(1, FerryRun.of("receive", "--show-resume-token", dest.resolve("snap").toString()).exitCode());
    }
}
