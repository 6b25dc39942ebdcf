package dev.ferry.scheduler.daemon;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One job's history: its latest runs (at most {@link #KEPT_RUNS}, oldest first) and counters
 * since the history began, for metrics.
 *
 * @param lastSuccess when the last run that was done ended; null if none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobHistory(List<RunRecord> runs, long runsTotal, long failuresTotal, long bytesTotal, Instant lastSuccess) {
    public static final int KEPT_RUNS = 20;
    static final JobHistory EMPTY = new JobHistory(List.of(), 0, 0, 0, null);

    public JobHistory {
        runs = runs == null ? List.of() : List.copyOf(runs);
    }

    public Optional<RunRecord> last() {
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
    }

    JobHistory withStarted(RunRecord run) {
        List<RunRecord> r = new ArrayList<>(runs);
        r.add(run);
        return new JobHistory(trim(r), runsTotal, failuresTotal, bytesTotal, lastSuccess);
    }

    /** The run's record replaced by its ended one (added if it was trimmed away meanwhile), counters counted. */
    JobHistory withEnded(RunRecord run) {
        List<RunRecord> r = new ArrayList<>(runs);
        r.removeIf(run::sameRun);
        r.add(run);
        r.sort(java.util.Comparator.comparing(RunRecord::fired));
        Outcome.Result result = run.outcome();
        return new JobHistory(trim(r), runsTotal + (result == Outcome.Result.SKIPPED ? 0 : 1),
                failuresTotal + (result.failure() ? 1 : 0), bytesTotal + run.bytes(),
                result.success() ? run.ended() : lastSuccess);
    }

    private static List<RunRecord> trim(List<RunRecord> runs) {
        return runs.size() <= KEPT_RUNS ? runs : runs.subList(runs.size() - KEPT_RUNS, runs.size());
    }
}
