package dev.ferry.cli;

import dev.ferry.retention.Policy;
import dev.ferry.retention.PolicySyntaxException;
import dev.ferry.scheduler.backup.RunOptions;
import dev.ferry.scheduler.backup.VolumeJob;
import dev.ferry.scheduler.config.Config;
import dev.ferry.scheduler.config.ConfigException;
import dev.ferry.scheduler.config.ConfigLoader;
import dev.ferry.scheduler.config.SchemeName;
import dev.ferry.scheduler.target.SshSettings;
import dev.ferry.scheduler.target.TargetAddress;
import dev.ferry.scheduler.target.TargetSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import dev.ferry.scheduler.source.RemoteSource;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What backup, prune and list act on: one volume from flags ({@code SUBVOL --snapshot-dir DIR
 * --target T...}) or volumes from a config file ({@code --config FILE [VOLUME...]}).
 */
final class VolumeOptions {
    @Parameters(paramLabel = "SUBVOL|VOLUME", arity = "0..*",
            description = "Without --config: the subvolume to back up. With --config: the volumes to run (default: all).")
    List<String> arguments = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "Read volumes and targets from a YAML config.")
    Path config;

    @Option(names = "--snapshot-dir", paramLabel = "DIR", description = "Where SUBVOL's snapshots are (same btrfs).")
    Path snapshotDir;

    @Option(names = "--target", paramLabel = "TARGET",
            description = "Where backups go (repeatable): /path on btrfs, file:///path, ssh://[user@]host[:port]/path.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--name", paramLabel = "NAME", description = "The volume's name in snapshot names (default: SUBVOL's directory name).")
    String name;

    @Option(names = "--scheme", paramLabel = "ferry|btrbk|samba", defaultValue = "ferry",
            description = "Snapshot names (default ${DEFAULT-VALUE}).")
    String scheme;

    @Option(names = "--keep", paramLabel = "POLICY",
            description = "Retention of source snapshots (default: \"min 2d, 24h 7d\").")
    String keep;

    @Option(names = "--target-keep", paramLabel = "POLICY",
            description = "Retention of backups on every target (default: \"14d 8w 12m *y\").")
    String targetKeep;

    @Option(names = "--ssh-identity", paramLabel = "FILE",
            description = "The private key for ssh:// targets (ssh -i; then only this key is offered).")
    Path sshIdentity;

    @Option(names = "--ssh-option", paramLabel = "NAME=VALUE",
            description = "An ssh -o option for ssh:// targets (repeatable), e.g. ConnectTimeout=10.")
    List<String> sshOptions = new ArrayList<>();

    @Option(names = "--ssh-cipher", paramLabel = "CIPHER",
            description = "The ssh cipher for ssh:// targets (ssh -o Ciphers=), e.g. aes128-gcm@openssh.com.")
    String sshCipher;

    @Option(names = "--ssh-reuse", paramLabel = "SECONDS",
            description = "One ssh connection per host for all sessions of a run, kept SECONDS after the last "
                    + "(ControlMaster/ControlPersist).")
    Long sshReuseSeconds;

    @Option(names = "--remote-ferry", paramLabel = "COMMAND",
            description = "How to run ferry on ssh:// targets' hosts (default: ferry), e.g. /opt/ferry/bin/ferry.")
    String remoteFerry;

    @Option(names = "--max-chain", paramLabel = "N",
            description = "Streams per chain on file:// targets before the next backup is a full one (default: 30).")
    Integer maxChain;

    @Option(names = "--timezone", paramLabel = "ZONE", description = "Where retention counts days and weeks (default: the system's).")
    ZoneId zone;

    @Option(names = "--week-start", paramLabel = "DAY", description = "First day of a retention week (default: monday).")
    String weekStart;

    /** The volumes, and the calendar retention counts in (the config's unless overridden by flags). */
    record Selection(List<VolumeJob> volumes, ZoneId zone, DayOfWeek weekStart) {
    }

    Selection select(CommandLine cmd, boolean targetsRequired) throws ConfigException {
        if (config != null) {
            if (snapshotDir != null || !targets.isEmpty() || name != null || keep != null || targetKeep != null
                    || sshFlagsGiven() || maxChain != null) {
                throw new CommandLine.ParameterException(cmd, "--config names volumes and targets itself; --snapshot-dir, "
                        + "--target, --name, --keep, --target-keep, --ssh-*, --remote-ferry and --max-chain go without it");
            }
            Config loaded = ConfigLoader.load(config);
            return new Selection(loaded.select(arguments), zone == null ? loaded.zone() : zone,
                    weekStart == null ? loaded.weekStart() : day(cmd));
        }
        if (arguments.size() != 1) {
            throw new CommandLine.ParameterException(cmd, "give one SUBVOL, or --config FILE");
        }
        if (snapshotDir == null) {
            throw new CommandLine.ParameterException(cmd, "--snapshot-dir is required without --config");
        }
        if (targetsRequired && targets.isEmpty()) {
            throw new CommandLine.ParameterException(cmd, "at least one --target is required without --config");
        }
        ZoneId z = zone == null ? ZoneId.systemDefault() : zone;
        try {
            Optional<RemoteSource> remote = remoteSource(arguments.get(0));
            Path source = remote.map(r -> r.address().dir())
                    .orElseGet(() -> Path.of(arguments.get(0)).toAbsolutePath().normalize());
            Policy targetPolicy = targetKeep == null ? VolumeJob.DEFAULT_TARGET_KEEP : Policy.parse(targetKeep);
            List<VolumeJob.TargetJob> targetJobs = new ArrayList<>();
            for (String t : targets) {
                TargetAddress address = TargetAddress.parse(t);
                targetJobs.add(new VolumeJob.TargetJob(address, targetPolicy, settingsFor(address)));
            }
            requireTargetsFor(cmd, targetJobs);
            String volume = name != null ? name : String.valueOf(source.getFileName());
            VolumeJob job = new VolumeJob(volume, source, snapshotDir.toAbsolutePath().normalize(),
                    SchemeName.parse(scheme).scheme(z), keep == null ? VolumeJob.DEFAULT_KEEP : Policy.parse(keep),
                    false, targetJobs, remote);
            return new Selection(List.of(job), z, weekStart == null ? DayOfWeek.MONDAY : day(cmd));
        } catch (PolicySyntaxException e) {
            throw new CommandLine.ParameterException(cmd, "bad retention policy: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
    }

    /**
     * Pull mode: {@code ssh://[user@]host[:port]/path} names a source subvolume on another host,
     * reached with the same --ssh-* flags as ssh targets; --snapshot-dir is a path there.
     */
    private Optional<RemoteSource> remoteSource(String argument) {
        if (!argument.startsWith("ssh:")) {
            return Optional.empty();
        }
        if (!(TargetAddress.parse(argument) instanceof TargetAddress.Ssh address)) {
            throw new IllegalArgumentException("not an ssh source: " + argument);
        }
        if (!snapshotDir.isAbsolute()) {
            throw new IllegalArgumentException("--snapshot-dir of an ssh:// source is a path on that host and must be "
                    + "absolute, not '" + snapshotDir + "'");
        }
        return Optional.of(new RemoteSource(address, settingsFor(address).ssh()));
    }

    private boolean sshFlagsGiven() {
        return sshIdentity != null || !sshOptions.isEmpty() || remoteFerry != null || sshCipher != null
                || sshReuseSeconds != null;
    }

    /** The flags' ssh settings for an ssh target, their max-chain for a file target. */
    private TargetSettings settingsFor(TargetAddress address) {
        TargetSettings settings = TargetSettings.defaults();
        if (address instanceof TargetAddress.Ssh) {
            SshSettings ssh = SshSettings.defaults().withOptions(sshOptions)
                    .withRemoteFerry(remoteFerry == null ? SshSettings.DEFAULT_REMOTE_FERRY : remoteFerry);
            if (sshCipher != null) {
                ssh = ssh.withCipher(sshCipher);
            }
            if (sshReuseSeconds != null) {
                ssh = ssh.withConnectionReuse(Duration.ofSeconds(sshReuseSeconds));
            }
            settings = settings.withSsh(sshIdentity == null ? ssh : ssh.withIdentity(identity(sshIdentity)));
        }
        if (address instanceof TargetAddress.StreamFiles && maxChain != null) {
            settings = settings.withMaxChain(maxChain);
        }
        return settings;
    }

    /** ssh with a missing -i file only warns and logs in with another key; refuse that here. */
    private static Path identity(Path key) {
        Path absolute = key.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new IllegalArgumentException("--ssh-identity: no such file: " + absolute);
        }
        return absolute;
    }

    /** A flag for a kind of target that none of the targets is, is a mistake, not a no-op. */
    private void requireTargetsFor(CommandLine cmd, List<VolumeJob.TargetJob> jobs) {
        if (sshFlagsGiven() && jobs.stream().noneMatch(j -> j.address() instanceof TargetAddress.Ssh)
                && !arguments.get(0).startsWith("ssh:")) {
            throw new CommandLine.ParameterException(cmd,
                    "--ssh-identity, --ssh-option, --ssh-cipher, --ssh-reuse and --remote-ferry are for ssh:// "
                            + "targets, and no --target is one (nor is the source an ssh:// one)");
        }
        if (maxChain != null && jobs.stream().noneMatch(j -> j.address() instanceof TargetAddress.StreamFiles)) {
            throw new CommandLine.ParameterException(cmd, "--max-chain is for file:// targets, and no --target is one");
        }
    }

    private DayOfWeek day(CommandLine cmd) {
        try {
            return DayOfWeek.valueOf(weekStart.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--week-start: not a day of the week: " + weekStart);
        }
    }

    RunOptions runOptions(Selection selection, boolean dryRun, Duration lockWait) {
        return RunOptions.defaults().withCalendar(selection.zone(), selection.weekStart()).withDryRun(dryRun)
                .withLockWait(lockWait);
    }
}
