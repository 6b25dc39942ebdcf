package dev.ferry.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private OpenSSH server on 127.0.0.1 for one test: its own host key, one authorized client
 * key, no passwords, no PAM, started in the foreground ({@code -D -e}) so the test owns the process
 * and its log. Root may log in with the key (the tests run as root to make loop filesystems).
 *
 * <p>The session's PATH starts with the test JVM's bin directory, so a remote {@code bin/ferry}
 * finds the same java. Made by {@link TestSshdExtension}, which always stops it.
 */
public final class TestSshd implements AutoCloseable {
    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private final Process process;

    private TestSshd(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    static boolean available() {
        return Files.isExecutable(SSHD) && Files.isExecutable(Path.of("/usr/bin/ssh"))
                && Files.isExecutable(Path.of("/usr/bin/ssh-keygen"));
    }

    /** Makes keys and a config in {@code dir} and starts sshd; returns once it accepts connections. */
    static TestSshd start(Path dir) throws IOException, InterruptedException {
        keygen(dir.resolve("host_key"));
        keygen(dir.resolve("client_key"));
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
        int port = freePort();
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, config(dir, port));
        Process process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd.log").toFile())
                .start();
        TestSshd sshd = new TestSshd(dir, port, process);
        try {
            sshd.awaitListening();
        } catch (IOException | RuntimeException e) {
            sshd.close();
            throw e;
        }
        return sshd;
    }

    private static String config(Path dir, int port) {
        String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        return String.join("\n",
                "ListenAddress 127.0.0.1",
                "Port " + port,
                "HostKey " + dir.resolve("host_key"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "PidFile " + dir.resolve("sshd.pid"),
                "SetEnv PATH=" + javaBin + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "");
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    public Path identity() {
        return dir.resolve("client_key");
    }

    /** The target address of {@code path} on this server, as root. */
    public String address(Path path) {
        return "ssh://root@" + host() + ":" + port + path.toAbsolutePath();
    }

    /**
     * The ssh options a client needs for this server: its key and a known_hosts of its own, so the
     * test neither trusts any host nor writes to ~/.ssh.
     */
    public List<String> clientOptions() throws IOException {
        Path knownHosts = dir.resolve("known_hosts");
        if (!Files.exists(knownHosts)) {
            String hostKey = Files.readString(dir.resolve("host_key.pub"), StandardCharsets.US_ASCII).trim();
            Files.writeString(knownHosts, "[" + host() + "]:" + port + " " + hostKey + "\n");
        }
        return List.of("UserKnownHostsFile=" + knownHosts, "StrictHostKeyChecking=yes", "LogLevel=ERROR");
    }

    /**
     * Puts {@code options} before the client key in authorized_keys, e.g.
     * {@code command="...",restrict}; sshd reads the file at every login.
     */
    public void authorizeWith(String options) throws IOException {
        String key = Files.readString(dir.resolve("client_key.pub"), StandardCharsets.US_ASCII).trim();
        Files.writeString(dir.resolve("authorized_keys"), options + " " + key + "\n");
    }

    /** What sshd logged, for failure messages. */
    public String log() {
        try {
            return Files.readString(dir.resolve("sshd.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops sshd (SIGTERM, then SIGKILL) and waits for it; session processes die with their connections. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Removes the keys, config and log; after {@link #close()}. */
    void deleteFiles() {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("sshd exited with " + process.exitValue() + ": " + log());
            }
            try {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("sshd did not listen on port " + port + " within " + START_TIMEOUT + ": " + log());
    }

    static void keygen(Path key) throws IOException, InterruptedException {
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ferry-test", "-f", key.toString()));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    /** A port that was free a moment ago; sshd failing to bind it shows in its log. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
