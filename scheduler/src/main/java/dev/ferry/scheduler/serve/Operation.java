package dev.ferry.scheduler.serve;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code ferry serve --allow} grants, and the {@code ferry target} actions each one lets a
 * client run. Listing covers both listings (backups, and source snapshots for pull mode): neither
 * changes anything.
 */
public enum Operation {
    /** {@code target receive DIR}: a backup pushed to this host. */
    RECEIVE("receive"),
    /** {@code target list DIR}, {@code target snapshots DIR}. */
    LIST("list", "snapshots"),
    /** {@code target delete DIR NAME}: pruning. */
    PRUNE("delete"),
    /** {@code target send DIR NAME}: a backup host pulling from this one. */
    SEND("send"),
    /** {@code target snapshot SUBVOL DIR NAME}: a pulling backup host taking the source snapshot here. */
    SNAPSHOT("snapshot");

    private final Set<String> actions;

    Operation(String... actions) {
        this.actions = Set.of(actions);
    }

    /** The operation's name in {@code --allow}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The operation that allows the {@code ferry target} action {@code action}, if any. */
    public static Optional<Operation> ofAction(String action) {
        for (Operation op : values()) {
            if (op.actions.contains(action)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code receive,list,prune}: names separated by commas.
     *
     * @throws IllegalArgumentException naming an unknown operation and the known ones
     */
    public static Set<Operation> parseList(String text) {
        Set<Operation> ops = EnumSet.noneOf(Operation.class);
        for (String word : text.split(",")) {
            String w = word.strip().toLowerCase(Locale.ROOT);
            if (w.isEmpty()) {
                continue;
            }
            try {
                ops.add(valueOf(w.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown operation '" + word.strip()
                        + "' (expected receive, list, prune, send or snapshot)", e);
            }
        }
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("no operation allowed (expected e.g. receive,list,prune)");
        }
        return Set.copyOf(ops);
    }
}
