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

    public SshSettings withRemoteFerry(String command) {
        return new SshSettings(identity, options, command);
    }
}
