package dev.ferry.receive;

import java.util.Objects;

/**
 * How a {@link Receiver} applies a stream.
 *
 * @param targetKind      where the stream goes: a btrfs subvolume when DEST is on btrfs, or a
 *                        plain directory mirror
 * @param stopAtFirstEnd  stop after the first END, leaving the rest of the input unread
 *                        ({@code btrfs receive -e})
 * @param dryRun          read and check the whole stream and the destination, write nothing
 * @param forceDecompress never pass ENCODED_WRITE through; always decompress in user space
 * @param listener        told about progress and warnings
 * @param noDevices       refuse MKNOD of character and block devices (fifos and sockets are fine):
 *                        for streams from hosts that are not trusted with the devices of this one
 * @param keepInterrupted when the input ends early or breaks, keep the partial subvolume and its
 *                        resume record for a resumed receive, instead of deleting it (a killed
 *                        receiver leaves them either way)
 */
public record ReceiveOptions(TargetKind targetKind, boolean stopAtFirstEnd, boolean dryRun, boolean forceDecompress,
                             ReceiveListener listener, boolean noDevices, boolean keepInterrupted) {

    /** Which kind of destination. */
    public enum TargetKind {
        /** A btrfs subvolume when DEST is on btrfs, else a directory mirror. */
        AUTO,
        /** A directory mirror, whatever the file system. */
        DIRECTORY
    }

    public ReceiveOptions {
        Objects.requireNonNull(targetKind, "targetKind");
        Objects.requireNonNull(listener, "listener");
    }

    /** Btrfs when possible, every END honoured, changes applied, ENCODED_WRITE passed through, silent, nothing kept. */
    public static ReceiveOptions defaults() {
        return new ReceiveOptions(TargetKind.AUTO, false, false, false, ReceiveListener.SILENT, false, false);
    }

    public ReceiveOptions withTargetKind(TargetKind kind) {
        return new ReceiveOptions(kind, stopAtFirstEnd, dryRun, forceDecompress, listener, noDevices, keepInterrupted);
    }

    public ReceiveOptions withStopAtFirstEnd(boolean stop) {
        return new ReceiveOptions(targetKind, stop, dryRun, forceDecompress, listener, noDevices, keepInterrupted);
    }

    public ReceiveOptions withDryRun(boolean dry) {
        return new ReceiveOptions(targetKind, stopAtFirstEnd, dry, forceDecompress, listener, noDevices, keepInterrupted);
    }

    public ReceiveOptions withForceDecompress(boolean force) {
        return new ReceiveOptions(targetKind, stopAtFirstEnd, dryRun, force, listener, noDevices, keepInterrupted);
    }

    public ReceiveOptions withListener(ReceiveListener l) {
        return new ReceiveOptions(targetKind, stopAtFirstEnd, dryRun, forceDecompress, l, noDevices, keepInterrupted);
    }

    public ReceiveOptions withNoDevices(boolean refuse) {
        return new ReceiveOptions(targetKind, stopAtFirstEnd, dryRun, forceDecompress, listener, refuse, keepInterrupted);
    }

    public ReceiveOptions withKeepInterrupted(boolean keep) {
        return new ReceiveOptions(targetKind, stopAtFirstEnd, dryRun, forceDecompress, listener, noDevices, keep);
    }
}
