package dev.ferry.receive;

import java.util.List;

/**
 * What a receive did.
 *
 * @param subvolumes     the subvolumes completed, in stream order (checked only, in a dry run)
 * @param commands       commands read
 * @param bytes          uncompressed stream bytes read
 */
public record ReceiveResult(List<ReceivedSubvolume> subvolumes, long commands, long bytes) {
    public ReceiveResult {
        subvolumes = List.copyOf(subvolumes);
    }
}
