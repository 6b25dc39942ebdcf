package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Start-up cost, counted in classes rather than timed: picocli instantiates every command when
 * ferry starts, so anything expensive in a command's static initializer is paid by every run.
 */
class StartupCostTest {

    @Test
    void startingFerryBuildsNoJsonMapper() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"),
                Ferry.class.getName(), "--version")
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        List<String> loaded = output.lines().filter(l -> l.contains("[class,load]")).toList();
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" dev.ferry.cli.SubvolumeCommand ")),
                "the log should show every command being loaded");
        assertFalse(loaded.stream().anyMatch(l -> l.contains(" com.fasterxml.jackson.databind.ObjectMapper ")),
                "ferry --version initialized a Jackson ObjectMapper");
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" dev.ferry.cli.DaemonCommand ")), "daemon is a command");
        assertFalse(loaded.stream().anyMatch(l -> l.contains(" org.quartz.")),
                "ferry --version loaded Quartz, which only ferry daemon needs");
    }
}
