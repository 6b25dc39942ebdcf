package dev.ferry.btrfs;

import static dev.ferry.btrfs.PosixTest.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.btrfs.internal.LibC;
import dev.ferry.btrfs.testing.LoopBtrfs;
import dev.ferry.btrfs.testing.LoopBtrfsExtension;
import dev.ferry.btrfs.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LoopBtrfsExtension.class)
class XattrsTest {
    private Path dir;

    @BeforeEach
    void makeFiles(LoopBtrfs fs) throws Exception {
        dir = Files.createDirectory(fs.path("d"));
        Files.writeString(dir.resolve("file"), "x");
        Files.writeString(dir.resolve("copy"), "x");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("file"));
        Shell.run("mkfifo", dir.resolve("fifo").toString());
    }

    /** getfattr's hex dump of every attribute of {@code name} (not following a symlink). */
    private String getfattr(String name) {
        return Shell.run("getfattr", "-h", "-d", "-m", "-", "-e", "hex", dir.resolve(name).toString());
    }

    @Test
    void userTrustedAndSecurityAttributesInBinaryAreWhatGetfattrShows() throws Exception {
        byte[] binary = {0, 1, 2, (byte) 0xFF, 0, 'z'};
        try (Fd d = Fd.openDirectory(dir)) {
            Xattrs.set(d, b("file"), b("user.binary"), binary);
            Xattrs.set(d, b("file"), b("trusted.t"), b("tv"));
            Xattrs.set(d, b("file"), b("security.s"), b("sv"));
            Xattrs.set(d, b("file"), b("user.empty"), new byte[0]);

            String dump = getfattr("file");
            assertTrue(dump.contains("user.binary=0x000102ff007a"), dump);
            assertTrue(dump.contains("trusted.t=0x7476"), dump);
            assertTrue(dump.contains("security.s=0x7376"), dump);
            assertTrue(dump.contains("user.empty"), dump);

            assertArrayEquals(binary, Xattrs.get(d, b("file"), b("user.binary")).orElseThrow());
            assertArrayEquals(new byte[0], Xattrs.get(d, b("file"), b("user.empty")).orElseThrow());
            assertTrue(Xattrs.get(d, b("file"), b("user.absent")).isEmpty());
            List<String> names = Xattrs.list(d, b("file")).stream().map(String::new).sorted().toList();
            assertEquals(List.of("security.s", "trusted.t", "user.binary", "user.empty"), names);

            Xattrs.remove(d, b("file"), b("user.binary"));
            assertFalse(getfattr("file").contains("user.binary"));
            NativeException e = assertThrows(NativeException.class, () -> Xattrs.remove(d, b("file"), b("user.binary")));
            assertEquals("lremovexattr " + dir + "/file (user.binary): ENODATA (no data available)", e.getMessage());
        }
    }

    @Test
    void onASymlinkOnlyTrustedAndSecurityAreAllowedAndTheTargetIsUntouched() throws Exception {
        try (Fd d = Fd.openDirectory(dir)) {
            Xattrs.set(d, b("link"), b("trusted.on-link"), b("L"));
            Xattrs.set(d, b("link"), b("security.on-link"), b("S"));
            NativeException e = assertThrows(NativeException.class, () -> Xattrs.set(d, b("link"), b("user.on-link"), b("U")));
            assertEquals("lsetxattr " + dir + "/link (user.on-link): EPERM (operation not permitted)", e.getMessage());

            String onLink = getfattr("link");
            assertTrue(onLink.contains("trusted.on-link=0x4c") && onLink.contains("security.on-link=0x53"), onLink);
            assertFalse(getfattr("file").contains("on-link"), "the symlink's target got the attribute");
            assertArrayEquals(b("L"), Xattrs.get(d, b("link"), b("trusted.on-link")).orElseThrow());
            assertEquals(2, Xattrs.list(d, b("link")).size());
        }
    }

    @Test
    void aFifoIsNeverOpenedForIo() throws Exception {
        // Opening a fifo for reading would block until a writer came; O_PATH does not.
        try (Fd d = Fd.openDirectory(dir)) {
            Xattrs.set(d, b("fifo"), b("trusted.f"), b("F"));
            assertArrayEquals(b("F"), Xattrs.get(d, b("fifo"), b("trusted.f")).orElseThrow());
        }
        assertTrue(getfattr("fifo").contains("trusted.f=0x46"));
    }

    @Test
    void securityCapabilityRoundTripsLikeSetcapAndGetcap() throws Exception {
        Shell.run("setcap", "cap_net_raw,cap_sys_admin+ep", dir.resolve("file").toString());
        try (Fd d = Fd.openDirectory(dir)) {
            byte[] capability = Xattrs.get(d, b("file"), b("security.capability")).orElseThrow();
            assertTrue(getfattr("file").contains("security.capability=0x" + HexFormat.of().formatHex(capability)));
            Xattrs.set(d, b("copy"), b("security.capability"), capability);
        }
        String copy = Shell.run("getcap", dir.resolve("copy").toString());
        assertTrue(copy.contains("cap_net_raw,cap_sys_admin=ep"), copy);
    }

    @Test
    void posixAclsCopiedAsXattrsAreWhatGetfaclShows() throws Exception {
        Files.createDirectory(dir.resolve("adir"));
        Files.createDirectory(dir.resolve("adir-copy"));
        Shell.run("setfacl", "-m", "u:1234:rwx,g:5678:r-x,m::rwx", dir.resolve("file").toString());
        Shell.run("setfacl", "-d", "-m", "u:4321:r--", dir.resolve("adir").toString());
        try (Fd d = Fd.openDirectory(dir)) {
            byte[] access = Xattrs.get(d, b("file"), b("system.posix_acl_access")).orElseThrow();
            byte[] defaults = Xattrs.get(d, b("adir"), b("system.posix_acl_default")).orElseThrow();
            Xattrs.set(d, b("copy"), b("system.posix_acl_access"), access);
            Xattrs.set(d, b("adir-copy"), b("system.posix_acl_default"), defaults);
        }
        assertEquals(getfacl("file"), getfacl("copy"));
        assertTrue(getfacl("copy").contains("user:1234:rwx"), getfacl("copy"));
        assertEquals(getfacl("adir"), getfacl("adir-copy"));
        assertTrue(getfacl("adir-copy").contains("default:user:4321:r--"), getfacl("adir-copy"));
    }

    @Test
    void fdVariantsActOnTheOpenFile() throws Exception {
        try (Fd d = Fd.openDirectory(dir); Fd f = Posix.openat(d, b("file"), LibC.O_RDWR, 0)) {
            Xattrs.set(f, b("user.fd"), b("via fd"));
            assertArrayEquals(b("via fd"), Xattrs.get(f, b("user.fd")).orElseThrow());
            assertEquals(List.of("user.fd"), Xattrs.list(f).stream().map(String::new).toList());
            assertTrue(getfattr("file").contains("user.fd=0x766961206664"));
            Xattrs.remove(f, b("user.fd"));
            assertTrue(Xattrs.get(f, b("user.fd")).isEmpty());
            assertTrue(Xattrs.list(f).isEmpty());
        }
    }

    /** getfacl without the "# file:" header, numeric ids. */
    private String getfacl(String name) {
        return Shell.run("getfacl", "-n", "--omit-header", dir.resolve(name).toString());
    }
}
