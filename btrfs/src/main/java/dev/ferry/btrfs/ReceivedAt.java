package dev.ferry.btrfs;

import java.time.Instant;

/** What the kernel stamped on a subvolume when it was marked received: its transaction and time. */
public record ReceivedAt(long rtransid, Instant rtime) {
}
