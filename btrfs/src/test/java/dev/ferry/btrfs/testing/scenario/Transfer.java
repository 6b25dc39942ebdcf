package dev.ferry.btrfs.testing.scenario;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Moves one snapshot to the destination: the part of the pipeline under test. The reference is
 * {@link BtrfsSendReceive}; ferry's sender and receiver plug in here as other implementations
 * (e.g. {@code ferry send | btrfs receive}, {@code btrfs send | ferry receive}).
 */
@FunctionalInterface
public interface Transfer {

    /**
     * Makes the received copy of {@code request.snapshot()} and returns where its tree is.
     * Throws if the transfer failed.
     */
    Path transfer(Request request) throws Exception;

    /**
     * One transfer.
     *
     * @param snapshot        the read-only source snapshot to send
     * @param parent          the snapshot it is sent incrementally from; empty for a full send.
     *                        Its received copy (from the previous call) is already in {@code destination}
     * @param destination     the directory that receives (btrfs receive's DEST)
     * @param protocolVersion the send stream version to use (1 or 2)
     */
    record Request(Path snapshot, Optional<Path> parent, Path destination, int protocolVersion) {
    }
}
