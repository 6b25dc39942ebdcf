package dev.ferry.receive;

/**
 * What a receive reports while it runs. Every method has a silent default; a command line prints
 * {@link #subvolumeStarted} like {@code btrfs receive} ("At subvol X") and warnings on stderr.
 */
public interface ReceiveListener {
    ReceiveListener SILENT = new ReceiveListener() {
    };

    /** A SUBVOL or SNAPSHOT command began a subvolume. */
    default void subvolumeStarted(SubvolumeStart start) {
    }

    /** A subvolume is complete under its final name. */
    default void subvolumeFinished(ReceivedSubvolume received) {
    }

    /** Something the user should know that does not fail the receive; each kind is said once. */
    default void warning(String message) {
    }

    /** Detail for -v: what was decided and why. */
    default void detail(String message) {
    }
}
