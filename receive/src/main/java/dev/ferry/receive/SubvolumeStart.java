package dev.ferry.receive;

import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The beginning of one subvolume in a stream: a SUBVOL (full) or a SNAPSHOT (incremental from
 * {@code parent}).
 *
 * @param name     the subvolume's name (one path component, checked by the target)
 * @param uuid     the sent snapshot's uuid: it becomes the received_uuid
 * @param ctransid the sent snapshot's ctransid: it becomes the stransid
 * @param parent   for an incremental stream, the snapshot the changes apply to
 */
public record SubvolumeStart(ByteString name, UUID uuid, long ctransid, Optional<Parent> parent) {

    /** The parent of an incremental stream: CLONE_UUID and CLONE_CTRANSID of SNAPSHOT. */
    public record Parent(UUID uuid, long ctransid) {
        public Parent {
            Objects.requireNonNull(uuid, "uuid");
        }
    }

    public SubvolumeStart {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(parent, "parent");
    }

    static SubvolumeStart of(Command.Subvol s) {
        return new SubvolumeStart(s.path().retain(), s.uuid(), s.ctransid(), Optional.empty());
    }

    static SubvolumeStart of(Command.Snapshot s) {
        return new SubvolumeStart(s.path().retain(), s.uuid(), s.ctransid(), Optional.of(new Parent(s.cloneUuid(), s.cloneCtransid())));
    }

    public boolean incremental() {
        return parent.isPresent();
    }

    /** The name for people (undecodable bytes shown escaped). */
    public String displayName() {
        return name.toString();
    }
}
