package dev.ferry.btrfs;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What btrfs knows about one subvolume: its identities, its transids and its place in the
 * filesystem. Filled from GET_SUBVOL_INFO or from the root tree (ROOT_ITEM + ROOT_BACKREF).
 *
 * <p>Identities: {@code uuid} is the subvolume's own; {@code parentUuid} is the uuid of the
 * subvolume it is a snapshot of; {@code receivedUuid} is the uuid of the snapshot it was received
 * from. An all-zero uuid on disk means "none" and is reported as empty.
 *
 * <p>Transids: {@code generation} is the root's current transid; {@code ctransid} the transid of
 * the last change to its contents; {@code otransid} the transid it was created (snapshotted) in;
 * {@code stransid}/{@code rtransid} the sent and received transids set by SET_RECEIVED_SUBVOL.
 *
 * @param id        the tree id (5 for the top level, 256 and up for subvolumes)
 * @param parentId  the tree id of the subvolume that holds it (0 for the top level)
 * @param dirId     the inode number, in the parent subvolume, of the directory that holds it
 * @param path      its path from the top level of the filesystem, "" for the top level itself;
 *                  null when it could not be resolved (GET_SUBVOL_INFO without CAP_SYS_ADMIN)
 * @param readOnly  whether BTRFS_ROOT_SUBVOL_RDONLY is set
 */
public record SubvolumeInfo(
        long id,
        long parentId,
        long dirId,
        String name,
        String path,
        UUID uuid,
        Optional<UUID> parentUuid,
        Optional<UUID> receivedUuid,
        long generation,
        long ctransid,
        long otransid,
        long stransid,
        long rtransid,
        Instant ctime,
        Instant otime,
        Instant stime,
        Instant rtime,
        boolean readOnly) {

    /** The top-level subvolume's tree id. */
    public static final long TOP_LEVEL_ID = 5;

    /** The identity a send stream gives this subvolume: received_uuid when it was received, else its uuid. */
    public UUID streamUuid() {
        return receivedUuid.orElse(uuid);
    }
}
