package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fixture itself: a key login as root on 127.0.0.1 runs a command and finds the test's java. */
@ExtendWith(TestSshdExtension.class)
class TestSshdTest {
    @Test
    void runsACommandAsRootWithTheTestsJava(TestSshd sshd) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ssh", "-p", "" + sshd.port(), "-i", sshd.identity().toString(),
                "-o", "BatchMode=yes"));
        sshd.clientOptions().forEach(o -> command.addAll(List.of("-o", o)));
        command.addAll(List.of("root@" + sshd.host(), "id -un; command -v java"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out + sshd.log());
        assertEquals("root\n" + System.getProperty("java.home") + "/bin/java\n", out);
    }
}
