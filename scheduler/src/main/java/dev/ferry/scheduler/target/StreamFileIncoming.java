package dev.ferry.scheduler.target;

import dev.ferry.archive.ArchiveEntry;
import dev.ferry.archive.PendingStreamFile;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.OptionalLong;

/** A backup being written into a stream-file target: a {@link PendingStreamFile} seen as an {@link Incoming}. */
final class StreamFileIncoming implements Incoming {
    private final PendingStreamFile pending;
    private final TargetAddress.StreamFiles address;

    StreamFileIncoming(PendingStreamFile pending, TargetAddress.StreamFiles address) {
        this.pending = pending;
        this.address = address;
    }

    @Override
    public OutputStream stream() {
        return pending.output();
    }

    @Override
    public Backup commit() throws TargetException {
        try {
            ArchiveEntry entry = pending.commit();
            return new Backup(entry.snapshot(), entry.uuid(), entry.snapshotTime(), true,
                    Optional.ofNullable(entry.parentUuid()), OptionalLong.of(entry.fileBytes()));
        } catch (IOException e) {
            throw new TargetException(address + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void abort(Throwable cause) {
        pending.abandon();
    }

    @Override
    public void close() {
        pending.abandon();
    }
}
