package dev.ferry.btrfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void displaysPrintableNamesAsTheyAre() {
        assertEquals("plain name.txt", Names.display(bytes("plain name.txt")));
        assertEquals("back\\slash", Names.display(bytes("back\\slash")));
        assertEquals("del\u007f", Names.display(new byte[] {'d', 'e', 'l', 0x7f}));
        assertEquals("grüße ✓", Names.display(bytes("grüße ✓")));
    }

    @Test
    void escapesControlCharactersAndBytesThatAreNotUtf8() {
        assertEquals("new\\x0aline", Names.display(bytes("new\nline")));
        assertEquals("bad\\xffbyte", Names.display(new byte[] {'b', 'a', 'd', (byte) 0xff, 'b', 'y', 't', 'e'}));
        assertEquals("back\\x5cslash\\x09", Names.display(bytes("back\\slash\t")));
    }

    @Test
    void joinsForMessages() {
        assertEquals("/mnt/dest/a b", Names.join("/mnt/dest", bytes("a b")));
        assertEquals("/a", Names.join("/", bytes("a")));
        assertEquals("a", Names.join("", bytes("a")));
    }

    @Test
    void namesWhatIsWrongWithAComponent() {
        assertNull(Names.problemWithComponent(bytes("ok")));
        assertEquals("empty name", Names.problemWithComponent(new byte[0]));
        assertEquals("'/' in a name", Names.problemWithComponent(bytes("a/b")));
        assertEquals("NUL byte in a name", Names.problemWithComponent(new byte[] {'a', 0}));
        assertEquals("\"..\" is not a name", Names.problemWithComponent(bytes("..")));
        assertEquals("name longer than 255 bytes (256)", Names.problemWithComponent(bytes("x".repeat(256))));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
