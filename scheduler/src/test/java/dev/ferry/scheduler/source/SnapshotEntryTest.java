package dev.ferry.scheduler.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.retention.NamingScheme;
import dev.ferry.scheduler.target.Series;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SnapshotEntryTest {
    private static final Series SERIES = new Series("home", NamingScheme.ferry());

    @Test
    void theWireFormatRoundTripsFieldByField() throws IOException {
        SnapshotEntry a = new SnapshotEntry("home.20261121T100000Z", UUID.randomUUID(), Optional.of(UUID.randomUUID()),
                42, true);
        SnapshotEntry b = new SnapshotEntry("scratch", UUID.randomUUID(), Optional.empty(), 7, false);
        String json = SnapshotEntry.encode(List.of(a, b));
        assertEquals(List.of(a, b), SnapshotEntry.decode(json));
        assertEquals(true, json.contains("\"parentUuid\":null"), json);
        assertThrows(IOException.class, () -> SnapshotEntry.decode("{\"name\":\"x\"}"));
    }

    @Test
    void onlyReadOnlySnapshotsOfTheSeriesAreSourceSnapshots() {
        UUID uuid = UUID.randomUUID();
        Path dir = Path.of("/pool/snaps");
        SnapshotEntry snapshot = new SnapshotEntry("home.20261121T100000Z", uuid, Optional.empty(), 42, true);
        assertEquals(Optional.of(new SourceSnapshot("home.20261121T100000Z", dir.resolve("home.20261121T100000Z"), uuid,
                Optional.empty(), 42, Instant.parse("2026-11-21T10:00:00Z"))), snapshot.toSnapshot(SERIES, dir));
        assertEquals(Optional.empty(), new SnapshotEntry("home.20261121T100000Z", uuid, Optional.empty(), 42, false)
                .toSnapshot(SERIES, dir));
        assertEquals(Optional.empty(), new SnapshotEntry("share.20261121T100000Z", uuid, Optional.empty(), 42, true)
                .toSnapshot(SERIES, dir));
    }
}
