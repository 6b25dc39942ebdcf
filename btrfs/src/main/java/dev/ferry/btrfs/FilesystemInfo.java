package dev.ferry.btrfs;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * What FS_INFO says about a mounted btrfs.
 *
 * @param fsid            the filesystem uuid ({@code btrfs filesystem show})
 * @param numDevices      number of devices
 * @param maxDeviceId     the highest device id
 * @param nodeSize        tree block size in bytes
 * @param sectorSize      data block size in bytes
 * @param cloneAlignment  the alignment clone/dedupe offsets and lengths need
 * @param checksumType    0 crc32c, 1 xxhash64, 2 sha256, 3 blake2b (empty if the kernel did not say)
 * @param checksumSize    bytes per checksum (0 if the kernel did not say)
 * @param generation      the last committed transaction, when the kernel reports it
 * @param metadataUuid    the metadata uuid, when the kernel reports it (equals fsid unless changed)
 */
public record FilesystemInfo(
        UUID fsid,
        long numDevices,
        long maxDeviceId,
        int nodeSize,
        int sectorSize,
        int cloneAlignment,
        Optional<Integer> checksumType,
        int checksumSize,
        OptionalLong generation,
        Optional<UUID> metadataUuid) {
}
