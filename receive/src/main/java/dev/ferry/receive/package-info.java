/**
 * Receiving Btrfs send streams: {@link dev.ferry.receive.Receiver} applies a stream (raw
 * {@code btrfs send} output or zstd-framed) to a destination.
 *
 * <ul>
 * <li><b>On btrfs</b> ({@code BtrfsTarget}) with {@code btrfs receive}'s semantics: SUBVOL creates a
 * subvolume, SNAPSHOT snapshots the parent found by received_uuid then uuid (its transid checked),
 * CLONE reflinks from the subvolume being received, the parent or any subvolume found by uuid, and
 * a finished subvolume is synced, marked received (received_uuid, stransid) and made read-only.
 * It is filled as {@code .ferry-partial.<name>} and renamed only then, so nothing incomplete ever
 * has the final name; a leftover of an interrupted receive is recognised and deleted next time.</li>
 * <li><b>Into a directory mirror</b> ({@code DirectoryTarget}) on any file system: a full stream
 * fills it, incremental streams change it in place, and a state file beside it records which
 * snapshot it holds and whether that receive completed.</li>
 * </ul>
 *
 * <p>Safety: every path of the stream is resolved beneath the tree with
 * {@link dev.ferry.btrfs.Beneath} (no symlink followed anywhere, no "..", no absolute path), only
 * regular files are opened, sizes and ranges are bounded, and every failure names the command, its
 * byte offset and its path ({@link dev.ferry.receive.ReceiveException}). Nothing here knows about
 * the command line.
 */
package dev.ferry.receive;
