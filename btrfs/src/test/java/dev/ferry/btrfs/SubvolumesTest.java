package dev.ferry.btrfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.Subvolumes.Access;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LoopBtrfsExtension.class)
class SubvolumesTest {

    @Test
    void createSnapshotAndDeleteAreWhatBtrfsProgsLists(LoopBtrfs fs) throws Exception {
        Subvolumes.create(fs.path("vol"));
        Files.writeString(fs.path("vol/file"), "hello\n");
        Subvolumes.snapshot(fs.path("vol"), fs.path("snap-ro"), Access.READ_ONLY);
        Subvolumes.snapshot(fs.path("vol"), fs.path("snap-rw"), Access.WRITABLE);

        String list = Shell.run("btrfs", "subvolume", "list", fs.mountPoint().toString());
        assertTrue(list.contains("path vol\n") && list.contains("path snap-ro\n") && list.contains("path snap-rw\n"), list);

        String volUuid = showField(fs.path("vol"), "UUID");
        assertEquals("readonly", showField(fs.path("snap-ro"), "Flags"));
        assertEquals("-", showField(fs.path("snap-rw"), "Flags"));
        assertEquals(volUuid, showField(fs.path("snap-ro"), "Parent UUID"));
        assertEquals(volUuid, showField(fs.path("snap-rw"), "Parent UUID"));
        assertEquals("-", showField(fs.path("vol"), "Parent UUID"));
        assertEquals("hello\n", Files.readString(fs.path("snap-ro/file")), "snapshot holds the unsynced write");

        Subvolumes.delete(fs.path("snap-rw"));
        Subvolumes.delete(fs.path("snap-ro")); // read-only ones can be deleted too
        list = Shell.run("btrfs", "subvolume", "list", fs.mountPoint().toString());
        assertFalse(list.contains("snap-"), list);
        assertFalse(Files.exists(fs.path("snap-ro")));
    }

    @Test
    void deleteByIdRemovesTheSubvolumeProgsNamesWithThatId(LoopBtrfs fs) throws Exception {
        Subvolumes.create(fs.path("victim"));
        long id = Long.parseLong(showField(fs.path("victim"), "Subvolume ID"));
        try (Fd top = Fd.openDirectory(fs.mountPoint())) {
            Subvolumes.deleteById(top, id);
            assertThrows(IllegalArgumentException.class, () -> Subvolumes.deleteById(top, 5));
        }
        assertFalse(Files.exists(fs.path("victim")));
        assertFalse(Shell.run("btrfs", "subvolume", "list", fs.mountPoint().toString()).contains("victim"));
    }

    @Test
    void readOnlyFlagAgreesWithBtrfsProperty(LoopBtrfs fs) throws Exception {
        Subvolumes.create(fs.path("vol"));
        assertFalse(Subvolumes.isReadOnly(fs.path("vol")));
        assertEquals("ro=false", property(fs.path("vol")));

        Subvolumes.setReadOnly(fs.path("vol"), true);
        assertEquals("ro=true", property(fs.path("vol")));
        assertTrue(Subvolumes.isReadOnly(fs.path("vol")));

        Subvolumes.setReadOnly(fs.path("vol"), false);
        assertEquals("ro=false", property(fs.path("vol")));

        Shell.run("btrfs", "property", "set", fs.path("vol").toString(), "ro", "true");
        assertTrue(Subvolumes.isReadOnly(fs.path("vol")));
    }

    @Test
    void setReceivedIsWhatBtrfsShowsAndRefusesAReadOnlySubvolume(LoopBtrfs fs) throws Exception {
        Subvolumes.create(fs.path("recv"));
        UUID sender = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        long generationBefore = Long.parseLong(showField(fs.path("recv"), "Generation"));
        ReceivedAt at;
        try (Fd fd = Fd.openDirectory(fs.path("recv"))) {
            at = Subvolumes.setReceived(fd, new ReceivedFrom(sender, 4242, Instant.ofEpochSecond(1_700_000_000, 5)));
            Subvolumes.setReadOnly(fd, true);
        }
        assertTrue(at.rtransid() >= generationBefore, "rtransid " + at.rtransid());
        assertTrue(at.rtime().getEpochSecond() > 1_700_000_000L, "rtime " + at.rtime());

        assertEquals(sender.toString(), showField(fs.path("recv"), "Received UUID"));
        assertEquals("4242", showField(fs.path("recv"), "Send transid"));
        assertEquals(Long.toString(at.rtransid()), showField(fs.path("recv"), "Receive transid"));
        assertEquals("readonly", showField(fs.path("recv"), "Flags"));
        String listed = Shell.run("btrfs", "subvolume", "list", "-R", fs.mountPoint().toString());
        assertTrue(listed.matches("(?s).*received_uuid " + sender + " +path recv\n.*"), listed);

        try (Fd fd = Fd.openDirectory(fs.path("recv"))) {
            NativeException e = assertThrows(NativeException.class, () -> Subvolumes.setReceived(fd, ReceivedFrom.of(sender, 1)));
            assertEquals(Errno.EROFS, e.errno());
            assertEquals("SET_RECEIVED_SUBVOL " + fs.path("recv") + ": EROFS (read-only file system)", e.getMessage());

            // Unsealing does not forget where it came from; clearing is explicit.
            Subvolumes.setReadOnly(fd, false);
            assertEquals(sender.toString(), showField(fs.path("recv"), "Received UUID"));
            Subvolumes.setReceived(fd, ReceivedFrom.cleared());
        }
        assertEquals("-", showField(fs.path("recv"), "Received UUID"));
    }

    @Test
    void badNamesAreRefusedBeforeTheIoctl(LoopBtrfs fs) throws Exception {
        try (Fd top = Fd.openDirectory(fs.mountPoint())) {
            for (String bad : new String[] {"", ".", "..", "a/b", "x".repeat(256)}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Subvolumes.create(top, bad.getBytes(StandardCharsets.UTF_8)), bad);
                assertFalse(e.getMessage().isBlank());
            }
            assertThrows(IllegalArgumentException.class, () -> Subvolumes.create(top, new byte[] {'a', 0, 'b'}));
            Subvolumes.create(top, "x".repeat(255).getBytes(StandardCharsets.UTF_8));
            assertTrue(Subvolumes.isSubvolume(fs.path("x".repeat(255))));

            Subvolumes.create(top, "twice".getBytes(StandardCharsets.UTF_8));
            NativeException e = assertThrows(NativeException.class, () -> Subvolumes.create(top, "twice".getBytes(StandardCharsets.UTF_8)));
            assertEquals("SUBVOL_CREATE_V2 " + fs.mountPoint() + "/twice: EEXIST (file exists)", e.getMessage());
        }
    }

    @Test
    void isSubvolumeMeansInode256OnBtrfs(LoopBtrfs fs, @LoopFs(type = "ext4", sizeMiB = 64) LoopBtrfs ext4) throws Exception {
        Subvolumes.create(fs.path("vol"));
        Files.createDirectory(fs.path("vol/dir"));
        Files.writeString(fs.path("file"), "x");
        Files.createSymbolicLink(fs.path("link-to-vol"), Path.of("vol"));
        assertTrue(Subvolumes.isSubvolume(fs.path("vol")));
        assertTrue(Subvolumes.isSubvolume(fs.mountPoint()), "the top level is a subvolume too");
        assertFalse(Subvolumes.isSubvolume(fs.path("vol/dir")));
        assertFalse(Subvolumes.isSubvolume(fs.path("file")));
        assertFalse(Subvolumes.isSubvolume(fs.path("link-to-vol")));

        // Find (or make) a directory with inode 256 on ext4: not a subvolume.
        Path dir = null;
        for (int i = 0; i < 400 && dir == null; i++) {
            Path d = Files.createDirectory(ext4.path("d" + i));
            if ("256".equals(Shell.run("stat", "-c", "%i", d.toString()).strip())) {
                dir = d;
            }
        }
        if (dir != null) {
            assertFalse(Subvolumes.isSubvolume(dir));
        }
        assertFalse(Subvolumes.isSubvolume(ext4.mountPoint()));
    }

    private static String property(Path subvolume) {
        return Shell.run("btrfs", "property", "get", subvolume.toString(), "ro").strip();
    }

    /** One "Name: value" line of {@code btrfs subvolume show}. */
    static String showField(Path subvolume, String field) {
        String show = Shell.run("btrfs", "subvolume", "show", subvolume.toString());
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(field) + ":\\s*(.*?)\\s*$").matcher(show);
        if (!m.find()) {
            throw new AssertionError("no " + field + " in\n" + show);
        }
        return m.group(1);
    }
}
