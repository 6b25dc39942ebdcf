package dev.ferry.scheduler.daemon;

import java.util.Objects;
import java.util.Optional;

/**
 * One schedule of the daemon: a kind of job on a volume, for a backup optionally to one target.
 * {@link #toString()} ({@code home backup}, {@code home backup -> /mnt/usb/ferry}) names its
 * Quartz trigger, its history and its metrics.
 */
public record JobId(String volume, JobKind kind, Optional<String> target) implements Comparable<JobId> {
    public JobId {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        if (target.isPresent() && kind != JobKind.BACKUP) {
            throw new IllegalArgumentException("only backups have a schedule per target");
        }
    }

    public static JobId of(String volume, JobKind kind) {
        return new JobId(volume, kind, Optional.empty());
    }

    private static final java.util.regex.Pattern TEXT =
            java.util.regex.Pattern.compile("(.+?) (snapshot|backup|prune)(?: -> (.+))?");

    /** Reads {@link #toString()} back (volume names may hold spaces; the first kind word ends one). */
    public static Optional<JobId> parse(String text) {
        java.util.regex.Matcher m = TEXT.matcher(text);
        if (!m.matches() || m.group(3) != null && !m.group(2).equals("backup")) {
            return Optional.empty();
        }
        return Optional.of(new JobId(m.group(1), JobKind.of(m.group(2)), Optional.ofNullable(m.group(3))));
    }

    @Override
    public String toString() {
        return volume + " " + kind.word() + target.map(t -> " -> " + t).orElse("");
    }

    @Override
    public int compareTo(JobId o) {
        return toString().compareTo(o.toString());
    }
}
