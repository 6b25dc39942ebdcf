package dev.ferry.scheduler.target;

import java.util.Objects;

/**
 * How to reach and keep a target beyond its address: the ssh client's settings for an
 * {@code ssh://} target and the chain length of a {@code file://} target. Each applies to its
 * own kind only, and {@link #requireFits} refuses a setting that the target would ignore, so a
 * mistyped target never silently loses its identity or its max-chain.
 *
 * @param ssh      identity, {@code -o} options and remote ferry command of an ssh target
 * @param maxChain streams per chain of a stream-file target, the full one included
 */
public record TargetSettings(SshSettings ssh, int maxChain) {
    public TargetSettings {
        Objects.requireNonNull(ssh, "ssh");
        if (maxChain < 1) {
            throw new IllegalArgumentException("max-chain must be at least 1, not " + maxChain);
        }
    }

    /** ssh's own defaults, ferry on the remote PATH, chains of {@link StreamFileTarget#DEFAULT_MAX_CHAIN}. */
    public static TargetSettings defaults() {
        return new TargetSettings(SshSettings.defaults(), StreamFileTarget.DEFAULT_MAX_CHAIN);
    }

    public TargetSettings withSsh(SshSettings settings) {
        return new TargetSettings(settings, maxChain);
    }

    public TargetSettings withMaxChain(int streams) {
        return new TargetSettings(ssh, streams);
    }

    /**
     * Returns these settings if every one that differs from the default applies to {@code address}'s
     * kind of target.
     *
     * @throws IllegalArgumentException naming the setting and the kind it is for
     */
    public TargetSettings requireFits(TargetAddress address) {
        TargetSettings defaults = defaults();
        if (!ssh.equals(defaults.ssh()) && !(address instanceof TargetAddress.Ssh)) {
            throw new IllegalArgumentException("ssh settings apply to ssh:// targets only, not to " + address);
        }
        if (maxChain != defaults.maxChain() && !(address instanceof TargetAddress.StreamFiles)) {
            throw new IllegalArgumentException("max-chain applies to file:// targets only, not to " + address);
        }
        return this;
    }
}
