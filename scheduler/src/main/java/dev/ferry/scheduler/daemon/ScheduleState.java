package dev.ferry.scheduler.daemon;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the daemon has scheduled, {@code schedule.json} in its state directory, for {@code ferry
 * status}: rewritten at start, on every reload and after every run, and marked stopped at exit.
 *
 * @param stopped when the daemon stopped; null while it runs (or if it died)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleState(String instance, long pid, String store, Instant started, Instant stopped,
                            List<Entry> jobs) {
    static final String FILE = "schedule.json";

    public ScheduleState {
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }

    /**
     * @param nextFire null when the trigger will not fire again
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String job, String cron, String zone, Instant nextFire, boolean running) {
    }

    public static Optional<ScheduleState> read(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE);
        try {
            return Optional.of(History.JSON.readValue(Files.readAllBytes(file), ScheduleState.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + ": unreadable: " + e.getOriginalMessage(), e);
        }
    }

    void write(Path stateDir) throws IOException {
        History.writeAtomically(stateDir.resolve(FILE), History.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }
}
