package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/ferry as users run it, on the packaged jar and its class-data-sharing archive (an
 * integration test: both exist only after {@code package}).
 */
@ExtendWith(LoopBtrfsExtension.class)
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

    /**
     * A host whose /tmp is mounted noexec: jffi and zstd-jni cannot load their libraries from
     * there, so ferry unpacks them into its cache directory; a zstd stream is sent and received
     * (both libraries loaded), and nothing is left in /tmp or in the working directory.
     */
    @Test
    void aNoexecTmpdirIsNotWhereNativeCodeIsUnpacked(LoopBtrfs fs,
            @LoopFs(type = "ext4", sizeMiB = 64, mountOptions = "noexec") LoopBtrfs noexecTmp)
            throws IOException, InterruptedException {
        Shell.sh("set -e; cd " + fs.mountPoint() + "; btrfs -q subvolume create v; echo hello > v/f;"
                + " btrfs -q subvolume snapshot -r v s; mkdir r");
        Path tmp = Files.createDirectory(noexecTmp.path("tmp"));
        Path workingDir = Files.createDirectory(noexecTmp.path("cwd"));
        Path cache = temp.resolve("cache");
        Map<String, String> host = Map.of("FERRY_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp, "XDG_CACHE_HOME", cache.toString());
        Path stream = temp.resolve("s.zst");

        Run send = ferry(host, workingDir, "send", fs.path("s").toString(), "-f", stream.toString());
        assertEquals(0, send.status(), send.stderr());
        Run receive = ferry(host, workingDir, "receive", fs.path("r").toString(), "-f", stream.toString());
        assertEquals(0, receive.status(), receive.stderr());

        assertEquals("hello\n", Files.readString(fs.path("r/s/f")));
        assertTrue(Files.isDirectory(cache.resolve("ferry/native")), "no " + cache.resolve("ferry/native"));
        try (Stream<Path> left = Stream.concat(Files.list(tmp), Files.list(workingDir))) {
            assertEquals(List.of(), left.toList());
        }
    }

    /** With no directory that may hold code, the failure is one line that names where ferry tried, not a stack trace. */
    @Test
    void nowhereToLoadNativeCodeFromIsOneClearError(LoopBtrfs fs,
            @LoopFs(type = "ext4", sizeMiB = 64, mountOptions = "noexec") LoopBtrfs noexecTmp)
            throws IOException, InterruptedException {
        Shell.sh("set -e; cd " + fs.mountPoint() + "; btrfs -q subvolume create v; btrfs -q subvolume snapshot -r v s");
        Path tmp = Files.createDirectory(noexecTmp.path("tmp"));
        Map<String, String> host = Map.of("FERRY_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp,
                "XDG_CACHE_HOME", noexecTmp.path("cache").toString());

        Run send = ferry(host, "send", fs.path("s").toString(), "-f", temp.resolve("s.zst").toString());

        assertEquals(1, send.status(), send.stderr());
        assertTrue(send.stderr().startsWith("ferry: cannot load native code: "), send.stderr());
        assertTrue(send.stderr().contains("unpacked into " + tmp + "; "), send.stderr());
        assertFalse(send.stderr().contains("\tat "), "a stack trace: " + send.stderr());
    }

    private record Run(int status, String stdout, String stderr) {
    }

    private Run ferry(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return ferry(environment, Path.of(""), args);
    }

    private Run ferry(Map<String, String> environment, Path workingDir, String... args)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder().directory(workingDir.toAbsolutePath().toFile());
        builder.command().add(LAUNCHER.toAbsolutePath().toString());
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
