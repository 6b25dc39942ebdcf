package dev.ferry.btrfs.testing.tree;

/**
 * How strict a {@link TreeComparison} is where a correct receiver may legitimately differ.
 *
 * @param dataLayout          how data/hole maps of regular files are compared
 * @param rootMtimeMayBeLater accept a root directory mtime later than expected (see {@link #btrfsReceive})
 * @param setIdMayBeLost      accept regular files that lack some of their expected setuid/setgid bits
 *                            (see {@link #btrfsReceive})
 */
public record ComparisonOptions(DataLayout dataLayout, boolean rootMtimeMayBeLater, boolean setIdMayBeLost) {
    /** Everything compared exactly. */
    public static final ComparisonOptions STRICT = new ComparisonOptions(DataLayout.EXACT, false, false);

    /**
     * Data layout rules. Contents are always compared byte for byte, so a hole and written zeroes
     * are the same content; the layout says whether the receiver also kept the hole.
     */
    public enum DataLayout {
        /** Data and holes must lie at exactly the same offsets. */
        EXACT,
        /**
         * The actual file may hold (zero) data where the expected has a hole, never the reverse.
         * Send protocol v1 has no way to punch a hole, so an incremental v1 stream turns a hole
         * that replaced data into WRITEs of zeroes.
         */
        HOLES_MAY_HOLD_ZEROES,
        /** Not compared. */
        IGNORED
    }

    /**
     * What {@code btrfs send | btrfs receive} (kernel 6.18, progs 6.2) reproduces, measured on the
     * corpus. Two things it does not:
     * <ul>
     * <li>v1 only: a hole punched into existing data arrives as written zeroes;</li>
     * <li>in an incremental stream every new inode is created under an orphan name in the
     * subvolume root and then renamed into place, which bumps the received root's mtime; the
     * kernel sends UTIMES for the root only when the root's own entries changed, so the root's
     * mtime ends up later than the source's;</li>
     * <li>when a file's owner changed but its mode did not (chmod 6755, chown, chmod 6755 again),
     * the kernel sends CHOWN without CHMOD, and receive's lchown clears setuid/setgid.</li>
     * </ul>
     */
    public static ComparisonOptions btrfsReceive(int protocolVersion) {
        return new ComparisonOptions(protocolVersion == 1 ? DataLayout.HOLES_MAY_HOLD_ZEROES : DataLayout.EXACT, true, true);
    }

    public ComparisonOptions withDataLayout(DataLayout rule) {
        return new ComparisonOptions(rule, rootMtimeMayBeLater, setIdMayBeLost);
    }

    public ComparisonOptions withRootMtimeMayBeLater(boolean mayBeLater) {
        return new ComparisonOptions(dataLayout, mayBeLater, setIdMayBeLost);
    }

    public ComparisonOptions withSetIdMayBeLost(boolean mayBeLost) {
        return new ComparisonOptions(dataLayout, rootMtimeMayBeLater, mayBeLost);
    }
}
