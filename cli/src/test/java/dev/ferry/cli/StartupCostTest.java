package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Start-up cost, counted in classes rather than timed: picocli reflects over every command it is
 * given, so ferry gives it only the one a run names; and whatever a command's static initializer
 * does is paid by every run that builds it.
 */
class StartupCostTest {

    @Test
    void startingFerryBuildsNoJsonMapper() throws IOException, InterruptedException {
        List<String> loaded = classesLoadedBy("--version");
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" dev.ferry.cli.SubvolumeCommand ")),
                "the log should show every command being loaded");
        assertFalse(loaded.stream().anyMatch(l -> l.contains(" com.fasterxml.jackson.databind.ObjectMapper ")),
                "ferry --version initialized a Jackson ObjectMapper");
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" dev.ferry.cli.DaemonCommand ")), "daemon is a command");
        assertFalse(loaded.stream().anyMatch(l -> l.contains(" org.quartz.")),
                "ferry --version loaded Quartz, which only ferry daemon needs");
    }

    @Test
    void aRunBuildsOnlyTheCommandItNames() throws IOException, InterruptedException {
        List<String> loaded = classesLoadedBy("dump", "--help");
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" dev.ferry.cli.DumpCommand ")), "dump was not loaded");
        for (String other : List.of("BackupCommand", "SubvolumeCommand", "TargetCommand", "ReceiveCommand",
                "DaemonCommand")) {
            assertFalse(loaded.stream().anyMatch(l -> l.contains(" dev.ferry.cli." + other + " ")),
                    "ferry dump --help loaded " + other);
        }
    }

    private static List<String> classesLoadedBy(String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xlog:class+load=info", "-cp",
                System.getProperty("java.class.path"), Ferry.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        return output.lines().filter(l -> l.contains("[class,load]")).toList();
    }
}
