package dev.ferry.btrfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.internal.Ioctl;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LoopBtrfsExtension.class)
class IoctlTest {

    @Test
    void requestNumbersMatchTheKernelHeaders() {
        assertEquals(0x50009417L, Ioctl.btrfsIow(23, 4096)); // SNAP_CREATE_V2
        assertEquals(0xC0709411L, Ioctl.btrfsIowr(17, 112)); // TREE_SEARCH_V2
        assertEquals(0x8400941FL, Ioctl.btrfsIor(31, 1024)); // FS_INFO
        assertEquals(0x00009408L, Ioctl.btrfsIo(8)); // SYNC
        assertEquals(0x80086601L, Ioctl.ior('f', 1, 8)); // FS_IOC_GETFLAGS
    }

    @Test
    void aFailedIoctlNamesTheRequestThePathAndTheErrno(LoopBtrfs fs) throws Exception {
        // GETFLAGS on a plain directory (not a subvolume root) is EINVAL on btrfs.
        Path dir = java.nio.file.Files.createDirectory(fs.path("plain"));
        try (Fd fd = Fd.openDirectory(dir)) {
            NativeException e = assertThrows(NativeException.class,
                    () -> Ioctl.call(fd, "SUBVOL_GETFLAGS", Ioctl.btrfsIor(25, 8), Ioctl.struct(8)));
            assertEquals(Errno.EINVAL, e.errno());
            assertEquals("SUBVOL_GETFLAGS " + dir + ": EINVAL (invalid argument)", e.getMessage());
        }
    }

    @Test
    void openNamesThePathWhenItFails() {
        NativeException e = assertThrows(NativeException.class, () -> Fd.openDirectory(Path.of("/nonexistent/ferry")));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().startsWith("open /nonexistent/ferry: ENOENT"), e.getMessage());
    }
}
