package dev.ferry.archive;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One backup in a {@link StreamArchive}, as its JSON sidecar describes it: which snapshot, which
 * snapshot it is incremental to, and how to check its stream file.
 *
 * <p>A sidecar is written twice: when the backup starts ({@code complete} false, the checksum
 * and sizes still unknown) and after the stream file is in place ({@code complete} true). So a
 * backup cut short shows up as incomplete rather than not at all, and nothing incomplete is ever
 * restored or chained to.
 *
 * @param format        {@link #FORMAT}, so a later ferry can tell old sidecars apart
 * @param snapshot      the source snapshot's name; also the base of both file names
 * @param snapshotTime  when the source snapshot was taken
 * @param uuid          the stream's subvolume uuid (what a receiver records as received_uuid)
 * @param parentUuid    for an incremental stream, the uuid of the snapshot it applies to
 *                      (another entry of the archive); null for a full stream
 * @param ctransid      the stream's ctransid; 0 until complete (read from the stream)
 * @param streamFile    the stream file's name, in the archive directory
 * @param fileBytes     size of the stream file (zstd-framed, as sent); 0 until complete
 * @param streamBytes   size of the uncompressed send stream when the writer knew it, else null
 * @param sha256        hex sha256 of the stream file; null until complete
 * @param ferryVersion  the ferry that wrote it
 * @param writtenAt     when this sidecar was written
 * @param complete      whether the stream file is whole and durable
 */
public record ArchiveEntry(String format, String snapshot, Instant snapshotTime, UUID uuid, UUID parentUuid,
                           long ctransid, String streamFile, long fileBytes, Long streamBytes, String sha256,
                           String ferryVersion, Instant writtenAt, boolean complete) {
    public static final String FORMAT = "ferry-stream-file/1";

    public ArchiveEntry {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(snapshotTime, "snapshotTime");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(streamFile, "streamFile");
        Objects.requireNonNull(writtenAt, "writtenAt");
        if (complete && sha256 == null) {
            throw new IllegalArgumentException("a complete entry needs its sha256: " + snapshot);
        }
    }

    static ArchiveEntry started(ExpectedStream stream, String streamFile, Instant now) {
        return new ArchiveEntry(FORMAT, stream.name(), stream.time(), stream.uuid(), stream.parentUuid().orElse(null),
                0, streamFile, 0, null, null, FerryVersion.current(), now, false);
    }

    ArchiveEntry completed(StreamIdentity identity, long fileBytes, Long streamBytes, String sha256, Instant now) {
        return new ArchiveEntry(format, snapshot, snapshotTime, identity.uuid(), identity.parentUuid().orElse(null),
                identity.ctransid(), streamFile, fileBytes, streamBytes, sha256, ferryVersion, now, true);
    }

    /** Whether this is a full stream (the start of a chain). Only meaningful when complete. */
    public boolean full() {
        return parentUuid == null;
    }

    /** The sidecar's file name. */
    public String sidecarFile() {
        return StreamArchive.sidecarName(snapshot);
    }

    /** For messages: the snapshot name and its uuid. */
    @Override
    public String toString() {
        return snapshot + " (" + uuid + ")";
    }
}
