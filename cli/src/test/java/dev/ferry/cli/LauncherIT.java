package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/ferry as users run it, on the packaged jar and its class-data-sharing archive (an
 * integration test: both exist only after {@code package}).
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of(System.getProperty("ferry.launcher", "../bin/ferry"));
    private static final Path JAR = Path.of(System.getProperty("ferry.jar", "target/ferry.jar"));
    private static final String VERSION_LINE = "ferry " + System.getProperty("ferry.version", "");

    @TempDir
    Path temp;

    @Test
    void theBuiltArchiveServesFerrysClasses() throws IOException, InterruptedException {
        Path log = temp.resolve("classes.log");
        Run run = ferry(Map.of("FERRY_JAVA_OPTS", "-Xlog:class+load=info:file=" + log), "--version");

        assertEquals(VERSION_LINE + "\n", run.stdout());
        assertEquals("", run.stderr());
        assertTrue(Files.exists(JAR.resolveSibling("ferry.jsa")), "the build made no target/ferry.jsa");
        assertTrue(Files.readAllLines(log).stream()
                        .anyMatch(l -> l.endsWith(" dev.ferry.cli.Ferry source: shared objects file")),
                "dev.ferry.cli.Ferry was not loaded from the archive");
    }

    @Test
    void anArchiveThatDoesNotFitIsIgnoredSilently() throws IOException, InterruptedException {
        Path jar = Files.copy(JAR, temp.resolve("ferry.jar"));
        Files.writeString(temp.resolve("ferry.jsa"), "not an archive");

        Run run = ferry(Map.of("FERRY_JAR", jar.toString()), "--version");

        assertEquals(VERSION_LINE + "\n", run.stdout());
        assertEquals("", run.stderr());
        assertEquals(0, run.status());
    }

    @Test
    void theJvmsOwnMessagesStayOutOfStdout() throws IOException, InterruptedException {
        // Dumping an archive at exit makes the JVM log a warning per class it cannot archive,
        // which by default goes to stdout: into the stream, had this been `ferry send`.
        Run run = ferry(Map.of("FERRY_JAVA_OPTS", "-XX:ArchiveClassesAtExit=" + temp.resolve("dynamic.jsa")),
                "--version");

        assertEquals(VERSION_LINE + "\n", run.stdout());
        assertEquals(0, run.status());
    }

    private record Run(int status, String stdout, String stderr) {
    }

    private Run ferry(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(LAUNCHER.toString());
        builder.command().addAll(List.of(args));
        builder.environment().putAll(environment);
        Path out = temp.resolve("stdout");
        Path err = temp.resolve("stderr");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(new File("/dev/null"));
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/ferry " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
