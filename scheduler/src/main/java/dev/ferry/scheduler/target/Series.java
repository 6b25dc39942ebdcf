package dev.ferry.scheduler.target;

import dev.ferry.retention.NamingScheme;
import dev.ferry.retention.SnapshotName;
import java.util.Objects;
import java.util.Optional;

/**
 * The snapshots of one volume, as named by one scheme: what a target is asked about. A target
 * directory may hold several volumes' backups side by side; a name belongs to this series only
 * if the scheme reads it as a snapshot of {@code volume}.
 *
 * <p>Samba's {@code @GMT-} names carry no volume, so with {@link NamingScheme#shadowCopy()} every
 * volume needs a directory of its own, on the source and on each target.
 *
 * @param volume the volume's name, the part of snapshot names before the timestamp
 */
public record Series(String volume, NamingScheme scheme) {
    public Series {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(scheme, "scheme");
    }

    /** {@code name} read as one of this series' snapshots, or empty. */
    public Optional<SnapshotName> parse(String name) {
        return scheme.parse(volume, name);
    }
}
