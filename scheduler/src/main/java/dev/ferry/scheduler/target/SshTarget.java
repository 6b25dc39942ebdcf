package dev.ferry.scheduler.target;

import java.util.List;
import java.util.Objects;

/**
 * Backups on another machine, reached by ssh, where {@code ferry} runs: receive pipes the stream
 * into {@code ferry receive DIR}; list and delete run ferry there too.
 *
 * <p>Implemented on the {@code targets} branch; until then every operation fails with a clear message.
 */
public final class SshTarget implements Target {
    private final TargetAddress.Ssh address;

    SshTarget(TargetAddress.Ssh address) {
        this.address = Objects.requireNonNull(address, "address");
    }

    @Override
    public TargetAddress.Ssh address() {
        return address;
    }

    @Override
    public List<Backup> list(Series series) throws TargetException {
        throw notYet();
    }

    @Override
    public Incoming receive(Series series, StreamDescription stream) throws TargetException {
        throw notYet();
    }

    @Override
    public Deletion delete(Series series, Backup backup) throws TargetException {
        throw notYet();
    }

    private TargetException notYet() {
        return new TargetException(address + ": ssh targets are not supported yet");
    }
}
