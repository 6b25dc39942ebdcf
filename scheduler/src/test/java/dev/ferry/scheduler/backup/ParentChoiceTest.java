package dev.ferry.scheduler.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.scheduler.source.SourceSnapshot;
import dev.ferry.scheduler.target.Backup;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ParentChoiceTest {
    private static SourceSnapshot snap(String name, int hour) {
        return new SourceSnapshot(name, Path.of("/s", name), UUID.nameUUIDFromBytes(name.getBytes()), Optional.empty(), hour,
                Instant.parse("2026-11-21T00:00:00Z").plusSeconds(3600L * hour));
    }

    private static Backup backupOf(SourceSnapshot s, String nameOnTarget) {
        return Backup.standalone(nameOnTarget, s.uuid(), s.time());
    }

    private final SourceSnapshot a = snap("home.a", 1);
    private final SourceSnapshot b = snap("home.b", 2);
    private final SourceSnapshot c = snap("home.c", 3);
    private final SourceSnapshot d = snap("home.d", 4);
    private final List<SourceSnapshot> all = List.of(a, b, c, d);

    @Test
    void noCommonSnapshotMeansAFullSend() {
        ParentChoice choice = ParentChoice.choose(d, all, List.of());
        assertTrue(choice.full());
        assertEquals(List.of(), choice.cloneSources());
    }

    @Test
    void theParentIsFoundByUuidWhateverTheBackupIsCalled() {
        ParentChoice choice = ParentChoice.choose(d, all, List.of(backupOf(b, "renamed-by-someone"), backupOf(a, "x")));
        assertEquals(Optional.of(b), choice.parent());
        assertEquals(List.of(a), choice.cloneSources());
    }

    @Test
    void aBackupNamedLikeASnapshotButWithAnotherUuidIsNoParent() {
        Backup impostor = Backup.standalone("home.c", UUID.randomUUID(), c.time());
        ParentChoice choice = ParentChoice.choose(d, all, List.of(impostor, backupOf(a, "home.a")));
        assertEquals(Optional.of(a), choice.parent());
    }

    @Test
    void incompleteBackupsAreNeverParents() {
        Backup partial = new Backup("home.c", c.uuid(), c.time(), false, Optional.empty(), OptionalLong.empty());
        assertTrue(ParentChoice.choose(d, all, List.of(partial)).full());
    }

    @Test
    void atMostThreeCloneSourcesNewestFirst() {
        SourceSnapshot e = snap("home.e", 5);
        List<SourceSnapshot> five = List.of(a, b, c, d, e);
        ParentChoice choice = ParentChoice.choose(e, five, five.stream().map(s -> backupOf(s, s.name())).toList());
        assertEquals(Optional.of(d), choice.parent());
        assertEquals(List.of(c, b, a), choice.cloneSources());
    }
}
