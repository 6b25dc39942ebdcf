package dev.ferry.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.stream.CommandType;
import dev.ferry.stream.ResumeToken;
import java.io.IOException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The replay rule over every command type, and the resume record's on-disk form. */
class ReplayRuleTest {
    private static final Set<CommandType> NOT_REPLAYABLE = EnumSet.of(CommandType.MKFILE, CommandType.MKDIR,
            CommandType.MKNOD, CommandType.MKFIFO, CommandType.MKSOCK, CommandType.SYMLINK, CommandType.LINK,
            CommandType.UNLINK, CommandType.RMDIR, CommandType.RENAME);

    @Test
    void everyCommandTypeHasItsRule() {
        for (CommandType type : CommandType.values()) {
            switch (type) {
                case SUBVOL, SNAPSHOT, END -> assertThrows(IllegalArgumentException.class, () -> ReplayRule.of(type));
                case CLONE -> assertEquals(ReplayRule.CLONE, ReplayRule.of(type));
                case FILEATTR, ENABLE_VERITY -> assertEquals(ReplayRule.UNRECORDABLE, ReplayRule.of(type));
                default -> assertEquals(NOT_REPLAYABLE.contains(type) ? ReplayRule.NAMESPACE : ReplayRule.REPLAYABLE,
                        ReplayRule.of(type), type.toString());
            }
        }
    }

    @Test
    void recordRoundTripsAndIsOnePaddedBlock() throws IOException {
        ResumeToken token = new ResumeToken(UUID.randomUUID(), 9, Optional.of(new ResumeToken.Parent(UUID.randomUUID(), 8)), 2, 77, 5);
        RootTimes times = new RootTimes(Instant.ofEpochSecond(-5, 999_999_999), Instant.ofEpochSecond(1_700_000_000, 1));
        ResumeRecord record = new ResumeRecord(token, "b00t", true, Optional.of(times), Optional.empty());
        byte[] bytes = record.encode();
        assertEquals(ResumeRecord.SIZE, bytes.length);
        assertEquals(record, ResumeRecord.decode(bytes));
        assertEquals(record.unresumable().withToken(token, Optional.empty()),
                ResumeRecord.decode(record.unresumable().withToken(token, Optional.empty()).encode()));
    }

    @Test
    void tornOrForeignRecordsAreRefusedWithAReason() {
        byte[] bytes = new ResumeRecord(new ResumeToken(UUID.randomUUID(), 1, Optional.empty(), 1, 3, 4), "b", true,
                Optional.empty(), Optional.empty()).encode();
        byte[] torn = java.util.Arrays.copyOf(bytes, 40);
        assertTrue(assertThrows(IOException.class, () -> ResumeRecord.decode(torn)).getMessage().contains("unreadable"));
        assertTrue(assertThrows(IOException.class, () -> ResumeRecord.decode("{\"format\":\"x\"}".getBytes()))
                .getMessage().contains("not a ferry-resume-record/1"));
    }

    @Test
    void aRecordIsTrustedOnlyInItsBootAndWhileResumable() {
        ResumeToken token = new ResumeToken(UUID.randomUUID(), 1, Optional.empty(), 1, 3, 4);
        ResumeRecord now = new ResumeRecord(token, BootId.current(), true, Optional.empty(), Optional.empty());
        assertEquals(Optional.empty(), ResumeRecord.problemResuming(Optional.of(now), token));
        assertTrue(ResumeRecord.problemResuming(Optional.of(now), token.at(4, 4)).orElseThrow().contains("recorded"));
        assertTrue(ResumeRecord.problemResuming(Optional.of(now.unresumable()), token).orElseThrow().contains("FILEATTR"));
        ResumeRecord before = new ResumeRecord(token, "another-boot", true, Optional.empty(), Optional.empty());
        assertTrue(ResumeRecord.problemResuming(Optional.of(before), token).orElseThrow().contains("reboot"));
        assertTrue(ResumeRecord.problemResuming(Optional.empty(), token).orElseThrow().contains("no resume record"));
    }
}
