package dev.ferry.cli;

import com.github.dockerjava.api.model.Capability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A second host for a test: a container with its own network namespace, process tree and root
 * file system, running sshd, reached from the test at localhost:mapped port with a key of its own.
 *
 * <p>The image is empty ({@code ferry/scratch:1}, imported by .ci/run): the host's /usr, /lib, /bin
 * and /etc are bind-mounted read-only, and so are this build's classes and the Maven repository,
 * so ferry runs there as the same java and classes at the same paths. A btrfs the test made
 * (a {@code LoopBtrfs}, attached and mounted by the host) is bind-mounted at {@code dataPath}:
 * loop devices are host-global, so the container never attaches one, and the host can compare
 * received trees with their sources and always detaches what it attached. CAP_SYS_ADMIN is the
 * one capability added (btrfs receive ioctls); the container is never privileged.
 */
final class SshHost implements AutoCloseable {
    static final DockerImageName IMAGE = DockerImageName.parse("ferry/scratch:1");

    private final GenericContainer<?> container;
    private final Path keys;

    private SshHost(GenericContainer<?> container, Path keys) {
        this.container = container;
        this.keys = keys;
    }

    /**
     * Skips the test on a developer machine without a docker daemon; with CI=true, fails instead,
     * so CI never silently runs without its two-host tests.
     */
    static void requireDocker() {
        try {
            Files.createDirectories(Path.of(System.getProperty("user.home")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        boolean available;
        try {
            available = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            available = false;
        }
        if (!available) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but no docker daemon is reachable: .ci/run starts one");
            }
            Assumptions.abort("no docker daemon (two-host tests need one; .ci/run starts it)");
        }
    }

    /**
     * Starts a host whose root may log in with a fresh key, forced to run {@code forcedCommand},
     * with {@code data} (a directory of the test machine) at {@code dataPath}.
     */
    static SshHost start(Path scratch, String forcedCommand, Path data, String dataPath)
            throws IOException, InterruptedException {
        requireDocker();
        Path cfg = Files.createDirectories(scratch.resolve("ssh-host-" + System.nanoTime()));
        TestSshd.keygen(cfg.resolve("host_key"));
        TestSshd.keygen(cfg.resolve("client_key"));
        String clientKey = Files.readString(cfg.resolve("client_key.pub"), StandardCharsets.US_ASCII).strip();
        Files.writeString(cfg.resolve("authorized_keys"), "command=\"" + forcedCommand + "\",restrict " + clientKey + "\n");
        Files.writeString(cfg.resolve("sshd_config"), String.join("\n",
                "Port 22",
                "HostKey /cfg/host_key",
                "AuthorizedKeysFile /cfg/authorized_keys",
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "PidFile /run/sshd.pid",
                ""));
        GenericContainer<?> container = new GenericContainer<>(IMAGE);
        for (String dir : List.of("/usr", "/lib", "/lib64", "/bin", "/sbin", "/etc")) {
            if (Files.exists(Path.of(dir))) {
                container.withFileSystemBind(dir, dir, BindMode.READ_ONLY);
            }
        }
        for (Path root : classPathRoots()) {
            container.withFileSystemBind(root.toString(), root.toString(), BindMode.READ_ONLY);
        }
        container.withFileSystemBind(cfg.toString(), "/cfg", BindMode.READ_ONLY)
                .withFileSystemBind(data.toString(), dataPath, BindMode.READ_WRITE)
                // exec: jffi and zstd-jni unpack their native libraries into java.io.tmpdir
                .withTmpFs(Map.of("/run", "rw,exec", "/tmp", "rw,exec"))
                .withExposedPorts(22)
                .withCreateContainerCmdModifier(c -> c.getHostConfig().withCapAdd(Capability.SYS_ADMIN))
                .withCommand("/bin/sh", "-c", "mkdir -p /run/sshd && exec /usr/sbin/sshd -D -e -f /cfg/sshd_config")
                .waitingFor(Wait.forLogMessage(".*Server listening on.*", 1));
        try {
            container.start();
        } catch (RuntimeException e) {
            container.close();
            throw e;
        }
        return new SshHost(container, cfg);
    }

    /**
     * The directories the test's class path lives in (this build and the Maven repository), so
     * that ferry in the container runs from the same paths.
     */
    private static Set<Path> classPathRoots() {
        Set<Path> roots = new LinkedHashSet<>();
        Path build = Path.of("").toAbsolutePath().getParent();
        roots.add(build);
        for (String entry : System.getProperty("java.class.path").split(":")) {
            Path path = Path.of(entry).toAbsolutePath();
            if (!path.startsWith(build) && !path.startsWith("/usr")) {
                int m2 = entry.indexOf("/repository/");
                roots.add(m2 >= 0 ? Path.of(entry.substring(0, m2 + "/repository".length())) : path);
            }
        }
        return roots;
    }

    /** {@code ssh://root@localhost:PORT/path}: a target or source on this host. */
    String address(String path) {
        return "ssh://root@" + container.getHost() + ":" + container.getMappedPort(22) + path;
    }

    /** Where its keys and authorized_keys are, on the test machine (sshd reads them at every login). */
    Path keysDir() {
        return keys;
    }

    Path identity() {
        return keys.resolve("client_key");
    }

    /** ssh options for this host: its own known_hosts with its host key, no questions. */
    List<String> clientOptions() throws IOException {
        Path knownHosts = keys.resolve("known_hosts");
        Files.writeString(knownHosts, knownHostsLine());
        return List.of("UserKnownHostsFile=" + knownHosts, "StrictHostKeyChecking=yes", "LogLevel=ERROR");
    }

    /** This host's line of a known_hosts file. */
    String knownHostsLine() throws IOException {
        String hostKey = Files.readString(keys.resolve("host_key.pub"), StandardCharsets.US_ASCII).strip();
        return "[" + container.getHost() + "]:" + container.getMappedPort(22) + " " + hostKey + "\n";
    }

    /** The ssh flags of ferry backup for this host. */
    List<String> sshFlags() throws IOException {
        List<String> flags = new ArrayList<>(List.of("--ssh-identity", identity().toString()));
        clientOptions().forEach(o -> flags.addAll(List.of("--ssh-option", o)));
        return flags;
    }

    /** Runs a command in the container (not over ssh), for checks. */
    String exec(String... command) throws IOException, InterruptedException {
        var result = container.execInContainer(command);
        if (result.getExitCode() != 0) {
            throw new IOException(String.join(" ", command) + " in the container: exit " + result.getExitCode() + ": "
                    + result.getStderr());
        }
        return result.getStdout();
    }

    String logs() {
        return container.getLogs();
    }

    /** Stops and removes the container; the bind-mounted btrfs stays the test's to unmount. */
    @Override
    public void close() {
        container.close();
    }
}
