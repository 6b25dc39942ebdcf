package dev.ferry.scheduler.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The wire form of ferry target list, with and without a partial's resume token, and from an older ferry. */
class HeldSubvolumesJsonTest {

    @Test
    void resumeTokensCrossTheWireAndOldListingsReadAsNone() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        String token = "ferry-resume-1:" + a + ":5:-:-:1:42:00000000000000ff";
        List<HeldSubvolume> held = List.of(
                new HeldSubvolume("vol.1", a, Optional.of(b), true, Optional.empty()),
                new HeldSubvolume(".ferry-partial.vol.2", b, Optional.empty(), false, Optional.of(token)));
        assertEquals(held, HeldSubvolumesJson.decode(HeldSubvolumesJson.encode(held)));
        String older = "[{\"name\":\"vol.1\",\"uuid\":\"" + a + "\",\"receivedUuid\":null,\"readOnly\":false}]";
        assertEquals(Optional.empty(), HeldSubvolumesJson.decode(older).get(0).resumeToken());
    }
}
