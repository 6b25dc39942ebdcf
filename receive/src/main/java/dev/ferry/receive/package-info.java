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
 *
 * <h2>Resumable receives</h2>
 *
 * <p>A receive records, beside its partial tree and never in it ({@code .ferry-resume.NAME} next
 * to {@code .ferry-partial.NAME} on btrfs, {@code .MIRROR.ferry-resume} next to a mirror's state
 * file), a {@link dev.ferry.stream.ResumeToken}: the stream identity (uuid and ctransid of the
 * snapshot and of the parent, protocol version), the number of commands applied and a digest of
 * their crcs. A sender regenerates the deterministic stream, checks the digest of the prefix and
 * sends the rest after a marker; the receiver continues from its record. Why that gives the tree an
 * uninterrupted receive gives:
 *
 * <ol>
 * <li><b>What a kill keeps.</b> Killing a process loses nothing it handed to the kernel: every
 * completed system call is in the page cache, the record (one pwrite of 1 KiB at offset 0, within
 * one page) included. So without fsync, the tree is always "the record's prefix applied, plus
 * some commands after it, the last perhaps half-done". A half-done command is one whose system
 * calls were not all made; each command's calls are idempotent or are in the next two cases.</li>
 * <li><b>Set-style commands replay.</b> WRITE, ENCODED_WRITE, TRUNCATE, FALLOCATE, CHMOD, CHOWN,
 * UTIMES, SET_XATTR, REMOVE_XATTR (ENODATA tolerated when resumed) and UPDATE_EXTENT set a part of
 * an existing file to a value the command carries. Applying a run of them again, in order, over a
 * tree where that run (or a prefix of it) was already applied gives the same result: each later
 * command overwrites what the replay of an earlier one changed, exactly as the first time. CHOWN's
 * restoring of set-id bits and security.capability reads the tree, so a resumed writer reads the
 * capability from the file instead of remembering it.</li>
 * <li><b>Namespace commands do not</b> (MKFILE, MKDIR, MKNOD, MKFIFO, MKSOCK, SYMLINK, LINK, UNLINK,
 * RMDIR, RENAME): replayed they fail, or act on the wrong file, and they change what later paths
 * mean. The record is written just <em>before</em> each one. Then whatever follows the record
 * starts with at most this one namespace command, and replaying never runs an earlier command over
 * names it did not see. The resumed receive checks that first command by its path, which a valid
 * stream determines: a created name exists only if the command ran, a removed or moved one is gone
 * only if it ran ({@code TreeWriter#alreadyApplied}). One pair shares a record: the kernel sends
 * every new file and directory as MKFILE or MKDIR of an orphan name and, next, a RENAME of it to its
 * place, and that RENAME gets no record of its own when the record is from just before the create
 * (halving the records of a stream of small files). Then the resumed receive may start with both:
 * if the orphan name exists, only the create ran; if it is gone, both ran when the next command is
 * that RENAME and its destination exists (a valid stream renames onto a free name only: the kernel
 * moves an occupant away first), and neither otherwise. The receiver usually makes such a pair as
 * one create under the final name ({@code TreeWriter#createMoved}); the create is held back until
 * its RENAME comes and no record is written while it is held, so a record never counts it as
 * applied before it is, and the argument above holds unchanged.</li>
 * <li><b>CLONE reads a source</b> that a later command may overwrite. The record is written just
 * <em>after</em> it, so it is replayed only when nothing after it ran, and its source is as it was.
 * (Writes before it in the replay restore what they wrote, and it touches only its destination.)</li>
 * <li><b>Memory.</b> The receiver's caches (the open file, the directory, clone sources' fds) are
 * rebuilt on demand. What it must carry is in the record: the root's times to put back at the end
 * (the stream's last UTIMES of the root, or the parent's). FILEATTR is applied at the end of the
 * subvolume, from memory: after one, the record says "not resumable". A mirror changed in place by
 * an incremental stream keeps the parent's old bytes in an anonymous file for later clones: it is
 * never resumable; a full stream into a mirror is.</li>
 * <li><b>Power loss</b> is another matter: the file system may come back behind the unsynced record
 * or ahead of it by more than one command. The record carries the boot id
 * ({@code /proc/sys/kernel/random/boot_id}); one from another boot is not trusted, and the partial
 * is sent again in full.</li>
 * <li><b>Never complete-looking.</b> The record is removed before sealing begins; the partial keeps
 * its temporary name (and a mirror its incomplete state) until sealed, as before. A partial without a
 * trusted record, or one that does not match the stream's token, is deleted (a mirror stays marked
 * incomplete) and must be sent in full.</li>
 * </ol>
 *
 * <p>Records are written before every namespace command (but the RENAME of such a pair), after every CLONE, and at least every
 * 1,024 commands or 16 MiB of stream, which bounds what a resume replays. A receive holds a lock on
 * its record, so a listing or a resume waits for a receiver that is still finishing.
 */
package dev.ferry.receive;
