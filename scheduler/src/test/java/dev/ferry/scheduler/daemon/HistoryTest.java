package dev.ferry.scheduler.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job history file: runs recorded at start and end, counters, trimming, and runs a dead daemon left. */
class HistoryTest {
    private static final JobId HOME = JobId.of("home", JobKind.BACKUP);
    private static final Instant T = Instant.parse("2026-11-22T01:00:00Z");

    @TempDir
    Path state;

    @Test
    void aRunIsRecordedWhenItStartsAndWhenItEndsAndOnlyTheLatestRunsAreKept() throws Exception {
        History history = History.open(state);
        for (int i = 0; i < JobHistory.KEPT_RUNS + 5; i++) {
            RunRecord run = RunRecord.started(HOME, "alpha", T.plusSeconds(60L * i), T.plusSeconds(60L * i), false);
            history.started(run);
            assertEquals("running", History.read(state).get("home backup").last().orElseThrow().result());
            Outcome outcome = i % 5 == 4 ? new Outcome(Outcome.Result.FAILED, Optional.empty(), 0, List.of("no disk"))
                    : new Outcome(Outcome.Result.DONE, Optional.of("home." + i), 100, List.of());
            history.ended(run.ended(T.plusSeconds(60L * i + 7), outcome));
        }
        JobHistory h = History.read(state).get("home backup");
        assertEquals(JobHistory.KEPT_RUNS, h.runs().size());
        assertEquals(JobHistory.KEPT_RUNS + 5, h.runsTotal());
        assertEquals(5, h.failuresTotal());
        assertEquals(100L * (JobHistory.KEPT_RUNS + 5 - 5), h.bytesTotal());
        assertEquals(T.plusSeconds(60L * 23 + 7), h.lastSuccess());
        assertEquals(Optional.of(T.plusSeconds(60L * 24)), History.open(state).lastScheduled(HOME));
        assertTrue(Files.readString(state.resolve("history.json")).contains("\"format\" : \"ferry-daemon-history/1\""));
    }

    @Test
    void runsADeadDaemonLeftRunningAreEndedAsFailedWhenItStartsAgain() throws Exception {
        History before = History.open(state);
        before.started(RunRecord.started(HOME, "alpha", T, T, false));
        before.started(RunRecord.started(JobId.of("share", JobKind.PRUNE), "beta", T, T, false));

        History after = History.open(state);
        assertEquals(1, after.endUnfinished("alpha", T.plusSeconds(99)));
        RunRecord home = History.read(state).get("home backup").last().orElseThrow();
        assertEquals("failed", home.result());
        assertEquals(T.plusSeconds(99), home.ended());
        assertTrue(home.errors().get(0).startsWith("ferry daemon stopped during this run"), home.toString());
        assertNull(History.read(state).get("share prune").last().orElseThrow().ended(), "another daemon's run");
        assertEquals(0, after.endUnfinished("alpha", T.plusSeconds(100)));
    }
}
