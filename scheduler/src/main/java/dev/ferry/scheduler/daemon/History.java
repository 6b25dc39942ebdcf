package dev.ferry.scheduler.daemon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The daemon's job history, {@code history.json} in its state directory: per job, its latest runs
 * and counters. Small, and rewritten whole on every change (a temporary file, fsync, rename), so a
 * crash leaves the old version or the new one. A run is recorded when it starts, as running, and
 * again when it ends, so a daemon that died leaves its run recorded as running.
 */
public final class History {
    static final String FILE = "history.json";
    private static final String FORMAT = "ferry-daemon-history/1";
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;
    private final Map<String, JobHistory> jobs;

    private History(Path file, Map<String, JobHistory> jobs) {
        this.file = file;
        this.jobs = new TreeMap<>(jobs);
    }

    /** The history in {@code stateDir}, created (with the directory) when missing. */
    public static History open(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        return new History(stateDir.resolve(FILE), read(stateDir));
    }

    /** What {@code stateDir} holds; empty when it has no history yet. */
    public static Map<String, JobHistory> read(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE);
        try {
            Stored stored = JSON.readValue(Files.readAllBytes(file), Stored.class);
            if (!FORMAT.equals(stored.format())) {
                throw new IOException(file + ": not a ferry daemon history (format " + stored.format() + ")");
            }
            return stored.jobs() == null ? Map.of() : stored.jobs();
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + ": unreadable history: " + e.getOriginalMessage(), e);
        }
    }

    record Stored(String format, Map<String, JobHistory> jobs) {
    }

    synchronized void started(RunRecord run) throws IOException {
        jobs.put(run.job(), jobs.getOrDefault(run.job(), JobHistory.EMPTY).withStarted(run));
        write();
    }

    synchronized void ended(RunRecord run) throws IOException {
        jobs.put(run.job(), jobs.getOrDefault(run.job(), JobHistory.EMPTY).withEnded(run));
        write();
    }

    /**
     * Ends, as failed, the runs {@code instance} recorded as running: a daemon starting finds them
     * left by its own previous life, which died during them.
     *
     * @return how many there were
     */
    synchronized int endUnfinished(String instance, Instant now) throws IOException {
        List<RunRecord> unfinished = jobs.values().stream().flatMap(h -> h.runs().stream())
                .filter(r -> r.ended() == null && r.instance().equals(instance)).toList();
        for (RunRecord r : unfinished) {
            jobs.put(r.job(), jobs.get(r.job()).withEnded(r.ended(now, new Outcome(Outcome.Result.FAILED,
                    Optional.empty(), 0, List.of("ferry daemon stopped during this run (killed, crashed, or the "
                    + "machine went down); found at the next start")))));
        }
        if (!unfinished.isEmpty()) {
            write();
        }
        return unfinished.size();
    }

    /** The scheduled time of the job's latest recorded run, whatever its result. */
    synchronized Optional<Instant> lastScheduled(JobId job) {
        return Optional.ofNullable(jobs.get(job.toString())).flatMap(JobHistory::last).map(RunRecord::scheduled);
    }

    public synchronized Map<String, JobHistory> jobs() {
        return Map.copyOf(jobs);
    }

    private void write() throws IOException {
        writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Stored(FORMAT, jobs)));
    }

    /** Temporary file, fsync, rename over, fsync the directory. */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename is still atomic
        }
    }
}
