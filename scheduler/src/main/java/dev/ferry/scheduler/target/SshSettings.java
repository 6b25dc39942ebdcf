package dev.ferry.scheduler.target;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach an {@code ssh://} target beyond its address: the system ssh client's identity and
 * extra {@code -o} options, and the command that runs ferry on the other side.
 *
 * @param identity    the private key ({@code -i}); empty for ssh's own defaults and agent
 * @param options     {@code -o} options such as {@code ConnectTimeout=10}, passed in order
 * @param remoteFerry how to run ferry there, as shell words ({@code ferry}, {@code /opt/ferry/bin/ferry},
 *                    {@code sudo ferry}); used as written, never quoted
 */
public record SshSettings(Optional<Path> identity, List<String> options, String remoteFerry) {
    public static final String DEFAULT_REMOTE_FERRY = "ferry";

    public SshSettings {
        Objects.requireNonNull(identity, "identity");
        options = List.copyOf(options);
        Objects.requireNonNull(remoteFerry, "remoteFerry");
        if (remoteFerry.isBlank()) {
            throw new IllegalArgumentException("the remote ferry command is empty");
        }
        for (String option : options) {
            if (!option.contains("=") || option.startsWith("-")) {
                throw new IllegalArgumentException("an ssh option is written Name=value (as after -o), not '" + option + "'");
            }
        }
    }

    /** ssh's own identity and configuration, ferry on the remote PATH. */
    public static SshSettings defaults() {
        return new SshSettings(Optional.empty(), List.of(), DEFAULT_REMOTE_FERRY);
    }

    public SshSettings withIdentity(Path key) {
        return new SshSettings(Optional.of(key), options, remoteFerry);
    }

    public SshSettings withOptions(List<String> more) {
        return new SshSettings(identity, more, remoteFerry);
    }

    /** Also {@code -o Ciphers=CIPHER}, e.g. {@code aes128-gcm@openssh.com}, cheap on CPUs with AES-NI. */
    public SshSettings withCipher(String cipher) {
        if (cipher.isBlank() || cipher.contains(" ")) {
            throw new IllegalArgumentException("not an ssh cipher: '" + cipher + "'");
        }
        return withOptions(append(List.of("Ciphers=" + cipher)));
    }

    /**
     * Also one ssh connection for all of a run's sessions to a host: the first session becomes a
     * master ({@code ControlMaster=auto}) that stays {@code persist} after the last one ends, and the
     * list, receive and delete sessions that follow skip the key exchange and login.
     */
    public SshSettings withConnectionReuse(java.time.Duration persist) {
        if (persist.isNegative() || persist.isZero()) {
            throw new IllegalArgumentException("ssh connection reuse needs a positive time, not " + persist);
        }
        return withOptions(append(List.of("ControlMaster=auto", "ControlPath=" + controlDir() + "/ferry-mux-%C",
                "ControlPersist=" + persist.toSeconds())));
    }

    /**
     * Where the master connections' sockets go: a directory of this user's own in the temp
     * directory, made (mode 0700) before ssh runs. Not ~/.ssh: ssh does not create it, and a
     * service user may have none. One socket per user, host, port and login (%C hashes them).
     */
    public static Path controlDir() {
        long uid;
        try {
            uid = ((Number) java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (java.io.IOException | RuntimeException e) {
            uid = -1;
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "ferry-ssh-" + (uid < 0 ? "user" : Long.toString(uid)));
    }

    private List<String> append(List<String> more) {
        List<String> all = new java.util.ArrayList<>(options);
        all.addAll(more);
        return all;
    }

    public SshSettings withRemoteFerry(String command) {
        return new SshSettings(identity, options, command);
    }
}
