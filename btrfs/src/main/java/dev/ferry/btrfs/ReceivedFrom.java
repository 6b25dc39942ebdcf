package dev.ferry.btrfs;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What SET_RECEIVED_SUBVOL records about the sender: the sent subvolume's uuid (it becomes the
 * received subvolume's received_uuid), the sender's ctransid, and the send time.
 *
 * <p>{@code btrfs receive} passes stime = 0, which {@link #of(UUID, long)} mirrors.
 */
public record ReceivedFrom(UUID uuid, long stransid, Instant stime) {
    /** The all-zero uuid: SET_RECEIVED_SUBVOL with it clears received_uuid. */
    public static final UUID NONE = new UUID(0, 0);

    public ReceivedFrom {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(stime, "stime");
    }

    /** As {@code btrfs receive} does it: stime zero. */
    public static ReceivedFrom of(UUID uuid, long stransid) {
        return new ReceivedFrom(uuid, stransid, Instant.EPOCH);
    }

    /** Clears received_uuid (what {@code btrfs property set -f ... ro false} does on a received subvolume). */
    public static ReceivedFrom cleared() {
        return new ReceivedFrom(NONE, 0, Instant.EPOCH);
    }
}
