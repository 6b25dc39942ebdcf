package dev.ferry.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamArchiveTest {
    @TempDir
    Path dir;

    private final List<UUID> uuids = new ArrayList<>();

    /** Backs up snapshot {@code vol.N}, incremental to the previous one unless {@code full}. */
    private ArchiveEntry backup(StreamArchive archive, int n, boolean full) throws IOException {
        UUID uuid = uuid(n);
        Optional<UUID> parent = full ? Optional.empty() : Optional.of(uuids.get(uuids.size() - 1));
        try (PendingStreamFile pending = archive.begin(new ExpectedStream("vol." + n, Instant.ofEpochSecond(1_000_000L + n),
                uuid, parent))) {
            if (full) {
                Streams.full(pending.output(), uuid);
            } else {
                Streams.incremental(pending.output(), uuid, uuids.get(uuids.size() - 1));
            }
            uuids.add(uuid);
            return pending.commit();
        }
    }

    @Test
    void aFullAndThreeIncrementalsChainAndDescribeThemselves() throws IOException {
        StreamArchive archive = StreamArchive.open(dir);
        backup(archive, 1, true);
        for (int n = 2; n <= 4; n++) {
            backup(archive, n, false);
        }
        List<ArchiveEntry> entries = archive.entries();
        assertEquals(List.of("vol.1", "vol.2", "vol.3", "vol.4"), entries.stream().map(ArchiveEntry::snapshot).toList());
        ArchiveEntry last = archive.find("latest");
        assertEquals("vol.4", last.snapshot());
        assertEquals(uuids.get(2), last.parentUuid());
        assertTrue(last.complete());
        assertEquals(Files.size(dir.resolve("vol.4.zst")), last.fileBytes());
        assertEquals(sha256(dir.resolve("vol.4.zst")), last.sha256());
        assertNull(archive.find("vol.1").parentUuid());
        assertEquals(last, archive.find(uuids.get(3).toString()));

        Chain chain = archive.chainTo(last);
        assertEquals(List.of("vol.1", "vol.2", "vol.3", "vol.4"), chain.entries().stream().map(ArchiveEntry::snapshot).toList());
        assertEquals(List.of(), ArchiveVerifier.verify(archive, chain));
        // Only the stream and its sidecar per backup: no temporary file is left behind.
        assertEquals(Set.of("vol.1.zst", "vol.1.json", "vol.2.zst", "vol.2.json", "vol.3.zst", "vol.3.json",
                "vol.4.zst", "vol.4.json"), names());
    }

    @Test
    void aBackupInProgressIsIncompleteAndAnAbandonedOneLeavesNothing() throws IOException {
        StreamArchive archive = StreamArchive.open(dir);
        try (PendingStreamFile pending = archive.begin(fullOf("vol.1", 1))) {
            pending.output().write(new byte[100]);
            assertFalse(archive.entries().get(0).complete());
            assertEquals(List.of(), archive.completeEntries());
            assertThrows(ArchiveException.class, () -> archive.find("latest"));
        } // closed without commit: the send failed
        assertEquals(Set.of(), names());
    }

    @Test
    void somethingThatIsNotASendStreamIsRefusedAtCommit() throws IOException {
        StreamArchive archive = StreamArchive.open(dir);
        PendingStreamFile pending = archive.begin(fullOf("vol.1", 1));
        pending.output().write("not a stream".getBytes());
        ArchiveException e = assertThrows(ArchiveException.class, pending::commit);
        assertTrue(e.getMessage().startsWith("the backup of vol.1 is not a send stream"), e.getMessage());
        assertEquals(Set.of(), names());
    }

    @Test
    void aStreamOtherThanTheOneAnnouncedIsRefused() throws IOException {
        StreamArchive archive = StreamArchive.open(dir);
        PendingStreamFile wrongSnapshot = archive.begin(fullOf("vol.1", 1));
        Streams.full(wrongSnapshot.output(), uuid(2));
        ArchiveException e = assertThrows(ArchiveException.class, wrongSnapshot::commit);
        assertEquals("the backup of vol.1 was refused: the stream is of snapshot " + uuid(2) + ", not " + uuid(1),
                e.getMessage());

        PendingStreamFile notFull = archive.begin(fullOf("vol.1", 1));
        Streams.incremental(notFull.output(), uuid(1), uuid(0));
        e = assertThrows(ArchiveException.class, notFull::commit);
        assertEquals("the backup of vol.1 was refused: the stream is incremental to " + uuid(0) + ", not full",
                e.getMessage());
        assertEquals(Set.of(), names());
    }

    @Test
    void aSnapshotIsBackedUpOnce() throws IOException {
        StreamArchive archive = StreamArchive.open(dir);
        backup(archive, 1, true);
        ArchiveException sameName = assertThrows(ArchiveException.class,
                () -> archive.begin(fullOf("vol.1", 1)));
        assertTrue(sameName.getMessage().endsWith("vol.1 is already backed up here"), sameName.getMessage());

        PendingStreamFile renamed = archive.begin(fullOf("other", 1));
        Streams.full(renamed.output(), uuids.get(0));
        ArchiveException sameUuid = assertThrows(ArchiveException.class, renamed::commit);
        assertTrue(sameUuid.getMessage().contains("already backed up here as vol.1"), sameUuid.getMessage());
        assertEquals(Set.of("vol.1.zst", "vol.1.json"), names());
    }

    @Test
    void aMissingDirectoryIsNotCreated() {
        Path unmounted = dir.resolve("nas");
        ArchiveException e = assertThrows(ArchiveException.class, () -> StreamArchive.open(unmounted));
        assertEquals(unmounted + ": no such directory (is the backup disk mounted?)", e.getMessage());
        assertFalse(Files.exists(unmounted));
    }

    @Test
    void deletingABackupOthersDependOnIsRefusedAndPruningPinsTheirChains() throws IOException {
        StreamArchive archive = StreamArchive.open(dir);
        backup(archive, 1, true);
        backup(archive, 2, false);
        backup(archive, 3, false);
        backup(archive, 4, true);
        backup(archive, 5, false);

        ArchiveException e = assertThrows(ArchiveException.class, () -> archive.delete(archive.find("vol.2")));
        assertEquals("cannot delete vol.2: vol.3 is incremental to it", e.getMessage());
        // Keeping vol.3 and vol.5 keeps their whole chains; vol.4 is needed by vol.5.
        assertEquals(Set.of(uuids.get(0), uuids.get(1), uuids.get(2), uuids.get(3), uuids.get(4)),
                archive.pinnedBy(List.of(uuids.get(2), uuids.get(4))));
        assertEquals(Set.of(uuids.get(3), uuids.get(4)), archive.pinnedBy(List.of(uuids.get(4))));

        // Newest first, the first chain goes away file by file.
        archive.delete(archive.find("vol.3"));
        archive.delete(archive.find("vol.2"));
        archive.delete(archive.find("vol.1"));
        assertEquals(List.of("vol.4", "vol.5"), archive.entries().stream().map(ArchiveEntry::snapshot).toList());
        assertEquals(List.of(), ArchiveVerifier.verify(archive, archive.chainTo(archive.find("vol.5"))));
    }

    @Test
    void aChainIsFullAtItsConfiguredLength() throws IOException {
        StreamArchive archive = StreamArchive.open(dir);
        backup(archive, 1, true);
        backup(archive, 2, false);
        assertFalse(archive.chainFull(uuids.get(1), 3));
        backup(archive, 3, false);
        assertTrue(archive.chainFull(uuids.get(2), 3), "a fourth link would exceed max-chain 3");
        assertTrue(archive.chainFull(UUID.randomUUID(), 3), "a parent that is not here cannot be chained to");
    }

    @Test
    void verifyNamesAFlippedByteAndAMissingFile() throws IOException {
        StreamArchive archive = StreamArchive.open(dir);
        backup(archive, 1, true);
        backup(archive, 2, false);
        backup(archive, 3, false);
        Chain chain = archive.chainTo(archive.find("vol.3"));

        Path second = dir.resolve("vol.2.zst");
        try (RandomAccessFile file = new RandomAccessFile(second.toFile(), "rw")) {
            long at = file.length() / 2;
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x10);
        }
        List<VerifyProblem> flipped = ArchiveVerifier.verify(archive, chain);
        assertEquals(1, flipped.size(), flipped.toString());
        assertEquals(second, flipped.get(0).file());
        assertTrue(flipped.get(0).what().startsWith("sha256 is "), flipped.get(0).what());
        assertTrue(flipped.get(0).what().contains("damaged stream"), "zstd or a crc notices it too: " + flipped.get(0).what());

        Files.delete(dir.resolve("vol.3.zst"));
        List<VerifyProblem> missing = ArchiveVerifier.verify(archive, chain);
        assertEquals(2, missing.size(), missing.toString());
        assertEquals(new VerifyProblem(dir.resolve("vol.3.zst"), "missing (its sidecar vol.3.json is there)"), missing.get(1));
    }

    @Test
    void verifyNamesATruncatedStream() throws IOException {
        StreamArchive archive = StreamArchive.open(dir);
        ArchiveEntry entry = backup(archive, 1, true);
        Path stream = dir.resolve("vol.1.zst");
        try (RandomAccessFile file = new RandomAccessFile(stream.toFile(), "rw")) {
            file.setLength(file.length() - 100);
        }
        VerifyProblem problem = ArchiveVerifier.verify(archive, entry).orElseThrow();
        assertEquals("size is " + (entry.fileBytes() - 100) + " bytes, the sidecar says " + entry.fileBytes(), problem.what());
    }

    @Test
    void aBrokenChainSaysWhichLinkIsMissing() throws IOException {
        StreamArchive archive = StreamArchive.open(dir);
        backup(archive, 1, true);
        backup(archive, 2, false);
        backup(archive, 3, false);
        Files.delete(dir.resolve("vol.2.json"));
        ArchiveException e = assertThrows(ArchiveException.class, () -> archive.chainTo(archive.find("vol.3")));
        assertEquals(dir + ": vol.3 is incremental to " + uuids.get(1) + ", which is not (or not completely) in the archive",
                e.getMessage());
    }

    private static UUID uuid(int n) {
        return UUID.nameUUIDFromBytes(("vol." + n).getBytes());
    }

    private static ExpectedStream fullOf(String name, int n) {
        return new ExpectedStream(name, Instant.EPOCH, uuid(n), Optional.empty());
    }

    private Set<String> names() throws IOException {
        try (var files = Files.list(dir)) {
            return Set.copyOf(files.map(p -> p.getFileName().toString()).toList());
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
