package dev.ferry.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ResumeTokenTest {
    private static final UUID SNAPSHOT = UUID.fromString("0d3c6a2e-8b1f-4c59-9e0a-5a1b2c3d4e5f");
    private static final UUID PARENT = UUID.fromString("11111111-2222-3333-4444-555555555555");

    @Test
    void fullStreamTokenRoundTripsThroughItsText() {
        ResumeToken token = new ResumeToken(SNAPSHOT, 123, Optional.empty(), 1, 4521, 0x9f3a5c0012345678L);
        String text = token.format();
        assertEquals("ferry-resume-1:0d3c6a2e-8b1f-4c59-9e0a-5a1b2c3d4e5f:123:-:-:1:4521:9f3a5c0012345678", text);
        assertEquals(token, ResumeToken.parse(text));
    }

    @Test
    void incrementalTokenRoundTripsWithUnsignedValues() {
        ResumeToken token = new ResumeToken(SNAPSHOT, -1L, Optional.of(new ResumeToken.Parent(PARENT, 77)), 2, 1, -5L);
        assertEquals(token, ResumeToken.parse(token.format()));
        assertTrue(token.format().contains(":18446744073709551615:" + PARENT + ":77:2:1:fffffffffffffffb"));
    }

    @Test
    void malformedTokensNameTheWrongField() {
        String good = new ResumeToken(SNAPSHOT, 5, Optional.empty(), 1, 9, 1).format();
        assertMessage("not a ferry resume token", () -> ResumeToken.parse("btrfs:" + good));
        assertMessage("expected 7 fields", () -> ResumeToken.parse(good + ":extra"));
        assertMessage("uuid is not a uuid", () -> ResumeToken.parse(good.replace(SNAPSHOT.toString(), "nope")));
        assertMessage("ctransid is not a number", () -> ResumeToken.parse(good.replace(":5:", ":x:")));
        assertMessage("unsupported stream version", () -> ResumeToken.parse(good.replace(":1:9:", ":9:9:")));
        assertMessage("index must be at least 1", () -> ResumeToken.parse(good.replace(":1:9:", ":1:0:")));
        assertMessage("digest must be 16 hex digits", () -> ResumeToken.parse(good + "0"));
        assertMessage("digest is not hex", () -> ResumeToken.parse(good.substring(0, good.length() - 1) + "g"));
    }

    @Test
    void digestDependsOnOrderAndOnEveryCrc() {
        long ab = StreamDigest.fold(StreamDigest.fold(StreamDigest.EMPTY, 1), 2);
        long ba = StreamDigest.fold(StreamDigest.fold(StreamDigest.EMPTY, 2), 1);
        assertNotEquals(ab, ba);
        assertNotEquals(StreamDigest.fold(StreamDigest.EMPTY, 0), StreamDigest.EMPTY);
        assertNotEquals(StreamDigest.fold(StreamDigest.EMPTY, 1 << 31), StreamDigest.fold(StreamDigest.EMPTY, 1 << 30));
    }

    @Test
    void markerCarriesTheToken() {
        ResumeToken token = new ResumeToken(SNAPSHOT, 5, Optional.empty(), 2, 9, 1);
        assertEquals(Optional.of(token), ResumeMarker.token(ResumeMarker.of(token)));
        assertEquals(Optional.empty(), ResumeMarker.token(new Command.End()));
        assertEquals(CommandType.UNKNOWN, CommandType.byNumber(ResumeMarker.NUMBER));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
