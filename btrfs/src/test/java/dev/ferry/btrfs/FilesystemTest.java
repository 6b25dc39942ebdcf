package dev.ferry.btrfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.LoopFs;
import dev.ferry.btrfs.testing.Shell;
import java.nio.file.Files;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LoopBtrfsExtension.class)
class FilesystemTest {

    @Test
    void fsInfoAgreesWithShowAndDumpSuper(LoopBtrfs fs) throws Exception {
        FilesystemInfo info;
        try (Fd fd = Fd.openDirectory(fs.mountPoint())) {
            Filesystem.sync(fd);
            info = Filesystem.info(fd);
        }
        String show = Shell.run("btrfs", "filesystem", "show", fs.mountPoint().toString());
        assertTrue(show.contains("uuid: " + info.fsid()), show);
        assertTrue(show.contains("Total devices 1 "), show);
        assertEquals(1, info.numDevices());
        assertEquals(1, info.maxDeviceId());

        String superBlock = Shell.run("btrfs", "inspect-internal", "dump-super", fs.loopDevice());
        assertEquals(UUID.fromString(field(superBlock, "fsid")), info.fsid());
        assertEquals(Integer.parseInt(field(superBlock, "nodesize")), info.nodeSize());
        assertEquals(Integer.parseInt(field(superBlock, "sectorsize")), info.sectorSize());
        assertEquals(info.sectorSize(), info.cloneAlignment());
        assertEquals(UUID.fromString(field(superBlock, "metadata_uuid")), info.metadataUuid().orElseThrow());
        assertEquals(0, info.checksumType().orElseThrow()); // crc32c, the mkfs default
        assertEquals(4, info.checksumSize());
        assertEquals(Long.parseLong(field(superBlock, "generation")), info.generation().orElseThrow());
    }

    @Test
    void startSyncReturnsATransidAtLeastTheCommittedGenerationAndWaitSyncWaitsForIt(LoopBtrfs fs) throws Exception {
        try (Fd fd = Fd.openDirectory(fs.mountPoint())) {
            Files.writeString(fs.path("dirty"), "x");
            long committedBefore = Long.parseLong(field(Shell.run("btrfs", "inspect-internal", "dump-super", fs.loopDevice()), "generation"));
            long transid = Filesystem.startSync(fd);
            Filesystem.waitSync(fd, transid);
            assertTrue(transid >= committedBefore, transid + " < " + committedBefore);
            long committedAfter = Long.parseLong(field(Shell.run("btrfs", "inspect-internal", "dump-super", fs.loopDevice()), "generation"));
            assertTrue(committedAfter >= transid, "after WAIT_SYNC the super block has generation " + committedAfter);
            assertEquals(committedAfter, Filesystem.info(fd).generation().orElseThrow());
            Filesystem.waitSync(fd, 0);
        }
    }

    @Test
    void isBtrfsTellsFilesystemsApart(LoopBtrfs fs, @LoopFs(type = "xfs", sizeMiB = 300) LoopBtrfs xfs) throws Exception {
        try (Fd b = Fd.openDirectory(fs.mountPoint()); Fd x = Fd.openDirectory(xfs.mountPoint())) {
            assertTrue(Filesystem.isBtrfs(b));
            assertFalse(Filesystem.isBtrfs(x));
        }
    }

    private static String field(String dump, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\s+(\\S+)").matcher(dump);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in\n" + dump);
        }
        return m.group(1);
    }
}
