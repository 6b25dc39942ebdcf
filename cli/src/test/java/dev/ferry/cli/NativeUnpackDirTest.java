package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading /proc/self/mountinfo for the noexec flag (the launcher test runs ferry on a real noexec mount). */
class NativeUnpackDirTest {
    private static final List<String> MOUNTINFO = List.of(
            "21 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
            "22 21 0:20 / /tmp rw,nosuid,nodev,noexec,relatime shared:2 - tmpfs tmpfs rw",
            "23 22 0:21 / /tmp/build rw,relatime shared:3 - tmpfs tmpfs rw",
            "24 21 0:22 / /srv/my\\040disk rw,noexec - ext4 /dev/sdb1 rw",
            "25 21 0:23 / /var/tmp rw,noexec - tmpfs tmpfs rw",
            "26 21 0:24 / /var/tmp rw - tmpfs tmpfs rw");

    @Test
    void theMountWithTheLongestMountPointDecides() {
        assertTrue(NativeUnpackDir.noexec(MOUNTINFO, Path.of("/tmp")));
        assertTrue(NativeUnpackDir.noexec(MOUNTINFO, Path.of("/tmp/x/y")));
        assertFalse(NativeUnpackDir.noexec(MOUNTINFO, Path.of("/tmp/build/x")));
        assertFalse(NativeUnpackDir.noexec(MOUNTINFO, Path.of("/root/.cache/ferry/native")));
        assertFalse(NativeUnpackDir.noexec(MOUNTINFO, Path.of("/tmpx")), "a mount point is a whole path component");
    }

    @Test
    void aMountPointWithASpaceIsUnescaped() {
        assertEquals("/srv/my disk", NativeUnpackDir.unescape("/srv/my\\040disk"));
        assertEquals("/a\\b", NativeUnpackDir.unescape("/a\\134b"));
        assertEquals("/odd\\", NativeUnpackDir.unescape("/odd\\"));
        assertTrue(NativeUnpackDir.noexec(MOUNTINFO, Path.of("/srv/my disk/tmp")));
    }

    @Test
    void aLaterMountOverTheSamePointWins() {
        assertFalse(NativeUnpackDir.noexec(MOUNTINFO, Path.of("/var/tmp")));
    }

    @Test
    void theCacheDirFollowsXdgWhenItIsAbsolute() {
        assertEquals(Path.of("/c"), NativeUnpackDir.cacheDir(Map.of("XDG_CACHE_HOME", "/c"), "/root"));
        assertEquals(Path.of("/root/.cache"), NativeUnpackDir.cacheDir(Map.of("XDG_CACHE_HOME", "rel"), "/root"));
        assertEquals(Path.of("/home/u/.cache"), NativeUnpackDir.cacheDir(Map.of(), "/home/u"));
    }
}
