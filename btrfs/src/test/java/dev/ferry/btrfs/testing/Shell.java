package dev.ferry.btrfs.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs external programs (btrfs-progs, mount, losetup) for tests, failing loudly with their stderr. */
public final class Shell {
    private static final long TIMEOUT_MINUTES = 10;

    private Shell() {
    }

    /** The result of a finished process. */
    public record Result(List<String> command, int exitCode, byte[] stdout, String stderr) {
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        public Result check() {
            if (exitCode != 0) {
                throw new IllegalStateException("`" + String.join(" ", command) + "` exited " + exitCode
                        + (stderr.isBlank() ? "" : ": " + stderr.strip()));
            }
            return this;
        }
    }

    /** Runs {@code command} and returns its stdout as text; throws if it exits non-zero. */
    public static String run(String... command) {
        return exec(null, null, command).check().out();
    }

    /** Runs a shell snippet with {@code sh -c}; throws if it exits non-zero. */
    public static String sh(String script) {
        return run("sh", "-c", script);
    }

    /** Runs {@code command} without checking its exit status. */
    public static Result exec(String... command) {
        return exec(null, null, command);
    }

    /**
     * Runs {@code command} in {@code dir} (or the current directory), feeding it {@code stdin}
     * (or nothing), and waits for it.
     */
    public static Result exec(Path dir, byte[] stdin, String... command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
                : ProcessBuilder.Redirect.PIPE);
        try {
            Process p = pb.start();
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            CompletableFuture<byte[]> err = drain(p.getErrorStream());
            if (stdin != null) {
                try (var in = p.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException closedEarly) {
                    // the program did not read all of its input; its exit status tells the story
                }
            }
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("`" + String.join(" ", command) + "` timed out");
            }
            return new Result(List.of(command), p.exitValue(), out.join(),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0], e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in; ByteArrayOutputStream buf = new ByteArrayOutputStream()) {
                in.transferTo(buf);
                return buf.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** True when {@code program} is on the PATH. */
    public static boolean available(String program) {
        return exec("sh", "-c", "command -v " + program).exitCode() == 0;
    }
}
