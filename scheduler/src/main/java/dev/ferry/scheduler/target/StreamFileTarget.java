package dev.ferry.scheduler.target;

import java.util.List;
import java.util.Objects;

/**
 * Backups as send stream files in a local directory, on any file system: a full stream, then
 * incremental ones, each with its identity (snapshot uuid, parent uuid) recorded beside it.
 * Refuses to delete a file that a remaining incremental stream is based on.
 *
 * <p>Implemented on the {@code targets} branch; until then every operation fails with a clear message.
 */
public final class StreamFileTarget implements Target {
    private final TargetAddress.StreamFiles address;

    StreamFileTarget(TargetAddress.StreamFiles address) {
        this.address = Objects.requireNonNull(address, "address");
    }

    @Override
    public TargetAddress.StreamFiles address() {
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
        return new TargetException(address + ": file: targets are not supported yet");
    }
}
