package dev.ferry.receive;

import java.util.Objects;

/**
 * What a directory mirror holds, as recorded in its state file: the snapshot it holds (or is
 * being received into it) and whether that receive completed. Without SET_RECEIVED_SUBVOL on a
 * plain directory, this record is the only proof of what the mirror is.
 *
 * @param uuid       the snapshot's uuid (the stream's UUID)
 * @param ctransid   the stream's CTRANSID: what the next incremental stream names as parent transid
 * @param name       the subvolume name in the stream
 * @param parentUuid for an incremental receive, the snapshot it was applied to; else null
 * @param complete   false from before the first change until the whole subvolume is applied
 * @param time       when this state was written (ISO-8601), for people
 */
public record MirrorState(String uuid, long ctransid, String name, String parentUuid, boolean complete, String time) {
    public MirrorState {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(time, "time");
    }

    MirrorState completed(String now) {
        return new MirrorState(uuid, ctransid, name, parentUuid, true, now);
    }
}
