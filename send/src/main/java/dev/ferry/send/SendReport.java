package dev.ferry.send;

/**
 * What a send did.
 *
 * @param lineage        how changes were found (scan threshold or full compare, and why)
 * @param candidates     inode numbers read and compared
 * @param changedInodes  inodes that differ between parent and snapshot
 * @param commands       commands written, SUBVOL/SNAPSHOT and END included (a WRITE split by the
 *                       writer counts once)
 */
public record SendReport(Lineage lineage, int candidates, int changedInodes, long commands) {
}
