package dev.ferry.scheduler.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServePolicyTest {
    @TempDir
    Path tmp;

    private ServePolicy policy(String allow) throws Exception {
        return new ServePolicy(Operation.parseList(allow), Files.createDirectories(tmp.resolve("backups")));
    }

    @Test
    void commandWordsReadWhatRemoteFerryQuotes() {
        assertEquals(List.of("ferry", "target", "list", "/a b/c", "it's"),
                CommandWords.split("ferry  target list '/a b/c' 'it'\\''s'"));
        assertEquals(List.of(), CommandWords.split("   "));
    }

    @Test
    void commandWordsRefuseShellSyntaxNamingTheColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CommandWords.split("ferry target list /b; rm -rf /"));
        assertEquals("shell character ';' at column 21 (ferry serve runs no shell)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CommandWords.split("ferry target list $(id)"));
        assertThrows(IllegalArgumentException.class, () -> CommandWords.split("ferry target list '/b"));
        assertThrows(IllegalArgumentException.class, () -> CommandWords.split("ferry target list /b\nid"));
    }

    @Test
    void anAllowedOperationBecomesATargetCommandWhateverTheClientCallsFerry() throws Exception {
        ServePolicy.Request r = policy("receive,list,prune").request("/opt/ferry/bin/ferry target delete /b/x home.1");
        assertEquals(Operation.PRUNE, r.operation());
        assertEquals(List.of("target", "delete", "/b/x", "home.1"), r.targetCommand());
        assertEquals(List.of("target", "receive", "/b", "--resume"),
                policy("receive").request("ferry target receive /b --resume").targetCommand());
    }

    @Test
    void operationsOutsideTheAllowListAreRefusedSayingWhatIsAllowed() throws Exception {
        ServePolicy p = policy("receive,list");
        assertEquals("prune is not allowed (allowed: receive,list)",
                assertThrows(ServePolicy.Refused.class, () -> p.request("ferry target delete /b x")).getMessage());
        assertEquals("send is not allowed (allowed: receive,list)",
                assertThrows(ServePolicy.Refused.class, () -> p.request("ferry target send /b x")).getMessage());
        assertEquals("unknown action 'target serve'",
                assertThrows(ServePolicy.Refused.class, () -> p.request("ferry target serve")).getMessage());
        assertThrows(ServePolicy.Refused.class, () -> p.request("bash -i"));
        assertThrows(ServePolicy.Refused.class, () -> p.request(null));
        assertThrows(ServePolicy.Refused.class, () -> p.request("ferry target"));
    }

    @Test
    void unknownOperationsInAllowAreAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Operation.parseList("receive,shell"));
        assertEquals("unknown operation 'shell' (expected receive, list, prune, send or snapshot)", e.getMessage());
        assertEquals(Set.of(Operation.LIST), Operation.parseList(" list ,"));
    }

    @Test
    void pathsMustStayBeneathTheRootLexicallyAndThroughSymlinks() throws Exception {
        ServePolicy p = policy("list");
        Path root = p.root();
        Files.createDirectories(root.resolve("laptop"));
        p.requireBeneathRoot(root.resolve("laptop"));
        p.requireBeneathRoot(root.resolve("not/yet/made"));
        p.requireBeneathRoot(root);

        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        assertEquals(outside + " is outside " + root,
                assertThrows(ServePolicy.Refused.class, () -> p.requireBeneathRoot(outside)).getMessage());
        Path dotdot = root.resolve("laptop/../../elsewhere");
        assertEquals(dotdot + ": '..' is not allowed",
                assertThrows(ServePolicy.Refused.class, () -> p.requireBeneathRoot(dotdot)).getMessage());
        assertThrows(ServePolicy.Refused.class, () -> p.requireBeneathRoot(Path.of("backups/laptop")));
        assertThrows(ServePolicy.Refused.class, () -> p.requireBeneathRoot(Path.of(root + "-sibling")));

        Files.createSymbolicLink(root.resolve("escape"), outside);
        Path viaLink = root.resolve("escape/sub");
        assertEquals(viaLink + " leads outside " + root + " through a symlink",
                assertThrows(ServePolicy.Refused.class, () -> p.requireBeneathRoot(viaLink)).getMessage());
    }

    @Test
    void aRootThatIsItselfASymlinkStillWorks() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("pool/backups"));
        Path link = Files.createSymbolicLink(tmp.resolve("backups-link"), real);
        ServePolicy p = new ServePolicy(Set.of(Operation.LIST), link);
        p.requireBeneathRoot(link.resolve("laptop"));
        assertThrows(ServePolicy.Refused.class, () -> p.requireBeneathRoot(real.resolve("laptop")));
    }
}
