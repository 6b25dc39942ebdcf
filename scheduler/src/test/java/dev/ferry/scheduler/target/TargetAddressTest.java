package dev.ferry.scheduler.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetAddressTest {
    @Test
    void anAbsolutePathIsALocalBtrfsDirectory() {
        TargetAddress a = TargetAddress.parse("/mnt/backup//home/");
        assertEquals(new TargetAddress.LocalBtrfs(Path.of("/mnt/backup/home")), a);
        assertEquals("/mnt/backup/home", a.toString());
    }

    @Test
    void aFileUrlIsAStreamFileDirectory() {
        TargetAddress a = TargetAddress.parse("file:///srv/streams");
        assertEquals(new TargetAddress.StreamFiles(Path.of("/srv/streams")), a);
        assertEquals("file:///srv/streams", a.toString());
    }

    @Test
    void sshTakesAnOptionalUserAndPort() {
        TargetAddress.Ssh full = assertInstanceOf(TargetAddress.Ssh.class,
                TargetAddress.parse("ssh://backup@nas.lan:2222/pool/ferry"));
        assertEquals(new TargetAddress.Ssh(Optional.of("backup"), "nas.lan", OptionalInt.of(2222), Path.of("/pool/ferry")), full);
        assertEquals("backup@nas.lan", full.destination());
        assertEquals("ssh://backup@nas.lan:2222/pool/ferry", full.toString());

        TargetAddress.Ssh bare = assertInstanceOf(TargetAddress.Ssh.class, TargetAddress.parse("ssh://nas/b"));
        assertEquals("nas", bare.destination());
        assertEquals("ssh://nas/b", bare.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a/b", "file:///x/y", "ssh://u@h:22/p", "ssh://h/p/q"})
    void theCanonicalTextReadsBack(String text) {
        assertEquals(text, TargetAddress.parse(text).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"relative/dir", "", "file://host/x", "file:relative", "ssh://host", "ssh://host/p?x",
            "ssh:///p", "http://h/p"})
    void everythingElseIsRefusedWithWhatIsExpected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TargetAddress.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'") || e.getMessage().contains("absolute"), e.getMessage());
    }
}
