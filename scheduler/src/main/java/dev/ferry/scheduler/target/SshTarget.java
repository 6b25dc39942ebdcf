package dev.ferry.scheduler.target;

import dev.ferry.stream.ResumeToken;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Backups on another machine's btrfs, reached with the system ssh client, where ferry runs
 * {@code ferry target receive|list|delete DIR} (see the cli's {@code ferry target}). Every
 * operation is one ssh session; nothing stays connected between them. Errors from the other side
 * come back as one line naming the host.
 */
public final class SshTarget implements Target {
    private final TargetAddress.Ssh address;
    private final RemoteFerry remote;

    private SshTarget(TargetAddress.Ssh address, SshSettings settings) {
        this.address = Objects.requireNonNull(address, "address");
        this.remote = new RemoteFerry(address, settings);
    }

    /** An ssh target with its identity, ssh options and remote ferry command. */
    public static SshTarget open(TargetAddress.Ssh address, SshSettings settings) {
        return new SshTarget(address, settings);
    }

    @Override
    public TargetAddress.Ssh address() {
        return address;
    }

    @Override
    public List<Backup> list(Series series) throws TargetException {
        String output = remote.run("list", address.dir().toString());
        try {
            return HeldSubvolumesJson.decode(output).stream()
                    .map(h -> h.toBackup(series)).flatMap(Optional::stream).toList();
        } catch (IOException | RuntimeException e) {
            throw new TargetException(address + ": ferry on " + address.host() + " listed something unreadable: "
                    + e.getMessage(), e);
        }
    }

    /** From {@code ferry target list}: the partial subvolume's token, which the remote side reports. */
    @Override
    public Optional<ResumeToken> resumeToken(Series series, String snapshot) throws TargetException {
        String output = remote.run("list", address.dir().toString());
        try {
            return HeldSubvolumesJson.decode(output).stream()
                    .filter(h -> h.name().equals(HeldSubvolume.PARTIAL_PREFIX + snapshot))
                    .map(HeldSubvolume::resumeToken).flatMap(Optional::stream)
                    .map(ResumeToken::parse).findFirst();
        } catch (IOException | RuntimeException e) {
            throw new TargetException(address + ": ferry on " + address.host() + " listed something unreadable: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Incoming receive(Series series, StreamDescription stream) throws TargetException {
        return new SshIncoming(remote, stream);
    }

    @Override
    public Deletion delete(Series series, Backup backup) throws TargetException {
        remote.run("delete", address.dir().toString(), backup.name());
        return new Deletion.Deleted(backup.name());
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
