package dev.ferry.scheduler.target;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs {@code ferry target ...} on an ssh target's host with the system ssh client. Each call is
 * one ssh session: {@code ssh -p PORT [-i KEY] -o BatchMode=yes [-o OPTION]... [-o IdentitiesOnly=yes] -- [user@]host COMMAND},
 * where COMMAND is the remote ferry command followed by the arguments, each shell-quoted (the
 * remote shell splits the command line again).
 *
 * <p>BatchMode makes ssh fail rather than ask for a password or a host key confirmation: a
 * backup run has nobody to answer.
 */
public record RemoteFerry(TargetAddress.Ssh address, SshSettings settings) {
    /** ssh's exit status when ssh itself failed (connection, authentication, host key). */
    static final int SSH_FAILED = 255;
    /** The shell's exit status for a command it cannot find. */
    static final int COMMAND_NOT_FOUND = 127;

    public RemoteFerry {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(settings, "settings");
    }

    /** The ssh command line that runs {@code ferry target ARGS...} remotely. */
    List<String> commandLine(String... targetArgs) throws TargetException {
        prepareControlDir();
        List<String> command = new ArrayList<>(List.of("ssh"));
        address.port().ifPresent(port -> command.addAll(List.of("-p", Integer.toString(port))));
        settings.identity().ifPresent(key -> command.addAll(List.of("-i", key.toString())));
        command.addAll(List.of("-o", "BatchMode=yes"));
        settings.options().forEach(option -> command.addAll(List.of("-o", option)));
        if (settings.identity().isPresent()) {
            // Offer only the configured key, not every agent key first: a server allows a few
            // attempts, and a key restricted to ferry must not lose to a general one. After the
            // user's options, so that their IdentitiesOnly wins (ssh takes an option's first value).
            command.addAll(List.of("-o", "IdentitiesOnly=yes"));
        }
        command.add("--");
        command.add(address.destination());
        StringBuilder remote = new StringBuilder(settings.remoteFerry()).append(" target");
        for (String arg : targetArgs) {
            remote.append(' ').append(shellQuote(arg));
        }
        command.add(remote.toString());
        return command;
    }

    /** Starts a session whose standard input the caller writes (a receive). */
    Process start(String... targetArgs) throws TargetException {
        try {
            return new ProcessBuilder(commandLine(targetArgs)).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new TargetException(address + ": cannot run ssh: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a session whose standard output the caller reads (a pull: {@code target send}); its
     * standard input is empty.
     */
    public Process startReading(String... targetArgs) throws TargetException {
        try {
            return new ProcessBuilder(commandLine(targetArgs)).redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new TargetException(address + ": cannot run ssh: " + e.getMessage(), e);
        }
    }

    /** Runs a session with no input to its end; returns its standard output. */
    public String run(String... targetArgs) throws TargetException {
        Process process;
        try {
            process = new ProcessBuilder(commandLine(targetArgs)).redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new TargetException(address + ": cannot run ssh: " + e.getMessage(), e);
        }
        StderrTail stderr = StderrTail.collect(process);
        try (InputStream out = process.getInputStream()) {
            String output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            int status = process.waitFor();
            if (status != 0) {
                throw failure(status, stderr.text());
            }
            return output;
        } catch (IOException e) {
            process.destroyForcibly();
            throw new TargetException(address + ": reading from ssh: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TargetException(address + ": interrupted", e);
        }
    }

    /** One line that names the host and says what went wrong there, from ssh's exit status and stderr. */
    public TargetException failure(int status, String stderr) {
        String detail = lastLine(stderr);
        String host = address.host();
        if (status == SSH_FAILED) {
            return new TargetException(address + ": ssh to " + host + " failed: " + orElse(detail, "exit status 255"));
        }
        if (status == COMMAND_NOT_FOUND) {
            return new TargetException(address + ": '" + settings.remoteFerry() + "' was not found on " + host
                    + " (install ferry there or set the remote ferry command): " + orElse(detail, "exit status 127"));
        }
        return new TargetException(address + ": ferry on " + host + ": " + orElse(detail, "exit status " + status));
    }

    /**
     * With connection reuse, ssh binds the master's socket in {@link SshSettings#controlDir()}; it
     * must exist and be this user's alone, or another user could stand in for the master.
     */
    private void prepareControlDir() throws TargetException {
        java.nio.file.Path dir = SshSettings.controlDir();
        if (settings.options().stream().noneMatch(o -> o.startsWith("ControlPath=" + dir + "/"))) {
            return;
        }
        try {
            java.nio.file.Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            var attributes = java.nio.file.Files.readAttributes(dir, java.nio.file.attribute.PosixFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            boolean own = attributes.owner().equals(java.nio.file.Files.getOwner(java.nio.file.Path.of("/proc/self")));
            if (!attributes.isDirectory() || !own || !attributes.permissions().equals(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"))) {
                throw new TargetException(address + ": " + dir + " (for ssh connection reuse) must be a directory of "
                        + "this user's with mode 0700");
            }
        } catch (IOException e) {
            throw new TargetException(address + ": cannot make " + dir + " for ssh connection reuse: " + e.getMessage(), e);
        }
    }

    static String shellQuote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * The last non-empty line that is not a {@code ferry serve} log line (serve logs to stderr
     * after the command it ran); ferry's one-line error, with its "ferry target ...:" prefix dropped.
     */
    static String lastLine(String text) {
        List<String> lines = text.strip().lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !SERVE_LOG_LINE.matcher(l).find()).toList();
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        return last.replaceFirst("^ferry target( [a-z]+)?: ", "");
    }

    /** {@code 2026-11-22T01:30:00Z nas ferry-serve[4242]: from ...}, see ServeLog. */
    private static final java.util.regex.Pattern SERVE_LOG_LINE = java.util.regex.Pattern.compile(
            "^\\S+ \\S+ ferry-serve\\[\\d+\\]: ");

    private static String orElse(String text, String fallback) {
        return text.isEmpty() ? fallback : text;
    }

    /**
     * Reads a process's stderr on a thread of its own, keeping the last 64 KiB: enough for the
     * error line, and a chatty remote cannot fill memory or block on a full pipe.
     */
    public static final class StderrTail {
        private static final int KEEP = 64 << 10;
        private final Thread reader;
        private final ByteArrayOutputStream tail = new ByteArrayOutputStream();

        private StderrTail(Process process) {
            reader = new Thread(() -> drain(process.getErrorStream()), "ssh stderr");
            reader.setDaemon(true);
            reader.start();
        }

        public static StderrTail collect(Process process) {
            return new StderrTail(process);
        }

        private void drain(InputStream err) {
            byte[] buffer = new byte[8192];
            try (err) {
                for (int n; (n = err.read(buffer)) >= 0; ) {
                    synchronized (tail) {
                        if (tail.size() + n > KEEP) {
                            byte[] kept = tail.toByteArray();
                            tail.reset();
                            int from = Math.max(0, kept.length - KEEP / 2);
                            tail.write(kept, from, kept.length - from);
                        }
                        tail.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process is gone; what was read is what there is
            }
        }

        /** Everything kept, once the process has closed its stderr. */
        public String text() {
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (tail) {
                return tail.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
