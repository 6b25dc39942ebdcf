package dev.ferry.scheduler.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Job names (triggers, history, metrics) read back into what they name. */
class JobIdTest {
    @Test
    void namesReadBack() {
        for (JobId id : new JobId[] {JobId.of("home", JobKind.SNAPSHOT), JobId.of("my home", JobKind.PRUNE),
                new JobId("home", JobKind.BACKUP, Optional.of("ssh://nas/pool/ferry")),
                new JobId("a backup", JobKind.BACKUP, Optional.of("/mnt/usb -> x"))}) {
            assertEquals(Optional.of(id), JobId.parse(id.toString()), id.toString());
        }
        assertEquals(Optional.empty(), JobId.parse("home restore"));
        assertEquals(Optional.empty(), JobId.parse("home prune -> /mnt/usb"));
    }
}
