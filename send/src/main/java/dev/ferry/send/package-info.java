/**
 * The sender: turns a read-only snapshot S (and optionally a read-only parent P the receiver has)
 * into a Btrfs send stream, with a cost that grows with what changed.
 *
 * <h2>Pipeline</h2>
 * <ol>
 * <li>{@link dev.ferry.send.SnapshotView}: a subvolume seen through TREE_SEARCH_V2; decodes the
 * items of an inode into an {@link dev.ferry.send.InodeState} (inode item, {@link dev.ferry.send.Link}s,
 * xattrs, {@link dev.ferry.send.Extent}s, directory entries).</li>
 * <li>{@link dev.ferry.send.Lineage}: whether P and S are related so that a leaf-generation scan
 * finds every change (threshold P.otransid + 1), or a full compare is needed.</li>
 * <li>{@link dev.ferry.send.ChangeSet}: the change scan plus the per-inode compare, one
 * {@link dev.ferry.send.InodeDiff} per changed inode; deleted inodes found through their
 * directories. This is the layer {@code ferry diff} builds on.</li>
 * <li>{@code NamespacePlan} over a {@code ReceiverModel}: detach / create / attach with orphan
 * names, every path taken from the model of the receiver's tree at that point.</li>
 * <li>{@code ContentPlan} and {@code DataPlanner} (with {@code FileMap} and {@code CloneFinder}):
 * xattrs, changed data ranges (WRITE, CLONE, zero WRITE or FALLOCATE, TRUNCATE), owner, mode,
 * flags, times.</li>
 * <li>{@link dev.ferry.send.SendSession}: one stream from SUBVOL/SNAPSHOT to END into a
 * {@link dev.ferry.send.CommandSink}.</li>
 * </ol>
 *
 * <p>Nothing here knows about a command line. Output is deterministic for a given (P, S).
 */
package dev.ferry.send;
