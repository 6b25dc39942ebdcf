package dev.ferry.btrfs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LoopBtrfsExtension.class)
class LoopBtrfsTest {

    @Test
    void givesEachParameterItsOwnMountedBtrfs(LoopBtrfs a, @LoopFs(sizeMiB = 300) LoopBtrfs b) throws Exception {
        assertEquals("btrfs", Shell.run("findmnt", "-n", "-o", "FSTYPE", a.mountPoint().toString()).strip());
        assertEquals("btrfs", Shell.run("findmnt", "-n", "-o", "FSTYPE", b.mountPoint().toString()).strip());
        assertNotEquals(a.loopDevice(), b.loopDevice());
        Files.writeString(a.path("hello"), "hi");
        assertFalse(Files.exists(b.path("hello")));
        Shell.run("btrfs", "subvolume", "create", a.path("vol").toString());
    }

    @Test
    void closeUnmountsDetachesAndDeletes() throws Exception {
        LoopBtrfs fs = LoopBtrfs.create(256);
        Path mnt = fs.mountPoint();
        String device = fs.loopDevice();
        Files.writeString(fs.path("f"), "data");
        fs.close();
        assertTrue(Shell.exec("mountpoint", "-q", mnt.toString()).exitCode() != 0, "still mounted");
        assertFalse(Files.exists(fs.image()), "image left behind");
        assertTrue(Shell.exec("losetup", device).out().isBlank() || !Shell.exec("losetup", device).out().contains(fs.image().toString()),
                "loop device still attached to the image");
        fs.close(); // idempotent
    }

    @Test
    void makesOtherFilesystemTypesForPlainDirectoryTargets(@LoopFs(type = "ext4", sizeMiB = 64) LoopBtrfs ext4) {
        assertEquals("ext4", Shell.run("findmnt", "-n", "-o", "FSTYPE", ext4.mountPoint().toString()).strip());
    }
}
