package dev.ferry.archive;

import dev.ferry.stream.Command;
import dev.ferry.stream.StreamFormatException;
import dev.ferry.stream.StreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;

/**
 * What a send stream's first command says about it: the subvolume it makes and, for an
 * incremental stream (SNAPSHOT), the one it must be applied to.
 */
record StreamIdentity(UUID uuid, Optional<UUID> parentUuid, long ctransid) {

    /** Reads the first command only, so committing a large stream costs one block of decompression. */
    static StreamIdentity read(InputStream stream) throws IOException {
        try (StreamReader reader = StreamReader.open(stream)) {
            return of(reader.next());
        }
    }

    static StreamIdentity of(Command first) throws StreamFormatException {
        if (first instanceof Command.Subvol s) {
            return new StreamIdentity(s.uuid(), Optional.empty(), s.ctransid());
        }
        if (first instanceof Command.Snapshot s) {
            return new StreamIdentity(s.uuid(), Optional.of(s.cloneUuid()), s.ctransid());
        }
        String what = first == null ? "nothing" : first.type().toString();
        throw new StreamFormatException(0, 17, "a stream must start with SUBVOL or SNAPSHOT, this one starts with " + what);
    }
}
