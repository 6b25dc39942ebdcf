package dev.ferry.send.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.stream.ByteString;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The two output forms and the order of changes, on changes made by hand. */
class DiffWriterTest {
    private static final ByteString ODD = ByteString.of("dir/a b\t\\\n\u00e9".getBytes(StandardCharsets.UTF_8));
    private static final ByteString NOT_UTF8 = ByteString.of((byte) 'x', (byte) 0xff, (byte) 0xfe);

    private static final List<PathChange> EVERY_KIND = List.of(
            PathChange.of(PathChange.Kind.DELETED, FileType.DIRECTORY, path("old")),
            PathChange.of(PathChange.Kind.ADDED, FileType.SYMLINK, path("new")),
            PathChange.renamed(FileType.REGULAR, path("a/draft"), path("b/final")),
            PathChange.modified(FileType.REGULAR, path("notes"), EnumSet.of(Aspect.MTIME, Aspect.DATA),
                    names("user.tag", "user.a,b"), names("user.gone")),
            PathChange.modified(FileType.DIRECTORY, ByteString.EMPTY, EnumSet.of(Aspect.MTIME), names(), names()),
            PathChange.of(PathChange.Kind.LINK_ADDED, FileType.REGULAR, path("alias")),
            PathChange.of(PathChange.Kind.LINK_REMOVED, FileType.REGULAR, path("was")),
            PathChange.of(PathChange.Kind.ADDED, FileType.BLOCK_DEVICE, path("b")),
            PathChange.of(PathChange.Kind.ADDED, FileType.CHAR_DEVICE, path("c")),
            PathChange.of(PathChange.Kind.ADDED, FileType.FIFO, path("p")),
            PathChange.of(PathChange.Kind.ADDED, FileType.SOCKET, path("s")));

    @Test
    void textIsTabSeparatedWithZfsMarkersAndTypes() throws Exception {
        assertEquals("""
                -\t/\told
                +\t@\tnew
                R\tF\ta/draft -> b/final
                M\tF\tnotes\tdata,mtime,+xattr=user.a\\054b,+xattr=user.tag,-xattr=user.gone
                M\t/\t.\tmtime
                +\tF\talias\tlink
                -\tF\twas\tlink
                +\tB\tb
                +\tC\tc
                +\t|\tp
                +\t=\ts
                """, text(EVERY_KIND));
    }

    @Test
    void textEscapesNamesAsBtrfsReceiveDumpDoes() throws Exception {
        assertEquals("+\tF\tdir/a\\ b\\t\\\\\\n\\303\\251\n", text(List.of(PathChange.of(PathChange.Kind.ADDED, FileType.REGULAR, ODD))));
        assertEquals("R\tF\tx\\377\\376 -> y\n", text(List.of(PathChange.renamed(FileType.REGULAR, NOT_UTF8, path("y")))));
    }

    @Test
    void jsonIsOneObjectPerLine() throws Exception {
        assertEquals("""
                {"change":"deleted","type":"dir","path":"old"}
                {"change":"added","type":"symlink","path":"new"}
                {"change":"renamed","type":"file","path":"a/draft","new_path":"b/final"}
                {"change":"modified","type":"file","path":"notes","aspects":["data","mtime"],"xattrs_set":["user.a,b","user.tag"],"xattrs_removed":["user.gone"]}
                {"change":"modified","type":"dir","path":"","aspects":["mtime"]}
                {"change":"link_added","type":"file","path":"alias"}
                {"change":"link_removed","type":"file","path":"was"}
                {"change":"added","type":"block","path":"b"}
                {"change":"added","type":"char","path":"c"}
                {"change":"added","type":"fifo","path":"p"}
                {"change":"added","type":"socket","path":"s"}
                """, json(EVERY_KIND));
    }

    @Test
    void jsonGivesNamesThatAreNotUtf8InBase64() throws Exception {
        List<PathChange> changes = List.of(
                PathChange.renamed(FileType.REGULAR, NOT_UTF8, ODD),
                PathChange.modified(FileType.REGULAR, path("f"), Set.of(), new TreeSet<>(List.of(NOT_UTF8)), names("user.x")));
        assertEquals("""
                {"change":"renamed","type":"file","path_base64":"eP/+","new_path":"dir/a b\\t\\\\\\né"}
                {"change":"modified","type":"file","path":"f","xattrs_set_base64":["eP/+"],"xattrs_removed":["user.x"]}
                """, json(changes));
    }

    @Test
    void changesSortByPathThenDeletionsFirst() {
        List<PathChange> expected = List.of(
                PathChange.modified(FileType.DIRECTORY, ByteString.EMPTY, EnumSet.of(Aspect.MTIME), names(), names()),
                PathChange.of(PathChange.Kind.DELETED, FileType.DIRECTORY, path("x")),
                PathChange.renamed(FileType.REGULAR, path("x"), path("a")),
                PathChange.of(PathChange.Kind.ADDED, FileType.REGULAR, path("x")),
                PathChange.modified(FileType.REGULAR, path("x"), EnumSet.of(Aspect.MODE), names(), names()),
                PathChange.of(PathChange.Kind.DELETED, FileType.REGULAR, path("x/in")),
                PathChange.of(PathChange.Kind.ADDED, FileType.REGULAR, NOT_UTF8));
        List<PathChange> shuffled = new ArrayList<>(expected);
        Collections.reverse(shuffled);
        Collections.sort(shuffled);
        assertEquals(expected, shuffled);
    }

    @Test
    void onlyModificationsListWhatChangedAndOnlyRenamesHaveANewPath() {
        assertThrows(IllegalArgumentException.class, () -> PathChange.modified(FileType.REGULAR, path("f"), Set.of(), names(), names()));
        assertThrows(IllegalArgumentException.class, () -> new PathChange(PathChange.Kind.ADDED, FileType.REGULAR, path("f"),
                java.util.Optional.of(path("g")), Set.of(), names(), names()));
    }

    private static ByteString path(String s) {
        return ByteString.utf8(s);
    }

    private static TreeSet<ByteString> names(String... names) {
        TreeSet<ByteString> set = new TreeSet<>();
        for (String n : names) {
            set.add(ByteString.utf8(n));
        }
        return set;
    }

    private static String text(List<PathChange> changes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TextDiffWriter writer = new TextDiffWriter(out);
        for (PathChange c : changes) {
            writer.write(c);
        }
        writer.flush();
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static String json(List<PathChange> changes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonDiffWriter writer = new JsonDiffWriter(out);
        for (PathChange c : changes) {
            writer.write(c);
        }
        writer.flush();
        return out.toString(StandardCharsets.UTF_8);
    }
}
