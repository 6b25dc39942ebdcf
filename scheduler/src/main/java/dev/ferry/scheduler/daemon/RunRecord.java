package dev.ferry.scheduler.daemon;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One run of a job in the history.
 *
 * @param instance   the daemon that ran it (its cluster instance id)
 * @param scheduled  the firing's scheduled time (for a recovered run, the original firing's)
 * @param fired      when it started
 * @param ended      when it ended; null while running, or when the daemon died during it
 * @param result     {@link Outcome.Result#word()}
 * @param recovering re-run by another daemon after the one that ran it died
 * @param snapshot   the snapshot it took, or null
 * @param bytes      stream bytes sent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRecord(String job, String instance, Instant scheduled, Instant fired, Instant ended, String result,
                        boolean recovering, String snapshot, long bytes, List<String> errors) {
    public RunRecord {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(scheduled, "scheduled");
        Objects.requireNonNull(fired, "fired");
        Objects.requireNonNull(result, "result");
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    static RunRecord started(JobId job, String instance, Instant scheduled, Instant fired, boolean recovering) {
        return new RunRecord(job.toString(), instance, scheduled, fired, null, Outcome.Result.RUNNING.word(), recovering,
                null, 0, List.of());
    }

    RunRecord ended(Instant at, Outcome outcome) {
        return new RunRecord(job, instance, scheduled, fired, at, outcome.result().word(), recovering,
                outcome.snapshot().orElse(null), outcome.bytes(), outcome.errors());
    }

    public Outcome.Result outcome() {
        return Outcome.Result.of(result);
    }

    /** From start to end; zero while running. */
    public Duration duration() {
        return ended == null ? Duration.ZERO : Duration.between(fired, ended);
    }

    boolean sameRun(RunRecord other) {
        return job.equals(other.job) && instance.equals(other.instance) && fired.equals(other.fired);
    }
}
