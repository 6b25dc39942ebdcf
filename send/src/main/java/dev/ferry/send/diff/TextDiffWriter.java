package dev.ferry.send.diff;

import dev.ferry.stream.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The text form, one line per change, fields separated by tabs (like {@code zfs diff -F}):
 * <pre>
 * MARKER  TYPE  PATH [-> NEW_PATH] [DETAILS]
 * -       F     docs/old.txt
 * +       /     photos/2024
 * R       F     a/draft -> b/final
 * M       F     notes     data,size,mtime,ctime,+xattr=user.tag
 * +       F     docs/alias      link
 * M       /     .         mtime,ctime
 * </pre>
 * <ul>
 * <li>MARKER: {@code -} deleted, {@code +} added, {@code R} renamed or moved, {@code M} modified;</li>
 * <li>TYPE: {@code F} file, {@code /} directory, {@code @} symlink, {@code B} block device,
 * {@code C} character device, {@code |} fifo, {@code =} socket;</li>
 * <li>PATH: relative to the snapshot root, {@code .} for the root itself. Name bytes are escaped
 * as {@code btrfs receive --dump} escapes them: {@code \n}, {@code \t} and the other C escapes,
 * {@code \ } for a space, {@code \\} for a backslash, {@code \ooo} (octal) for any other byte
 * outside printable ASCII, so a path never contains a tab, a newline or a bare space;</li>
 * <li>DETAILS: for {@code M}, the changed {@link Aspect}s in lower case, then {@code +xattr=NAME}
 * for each xattr set or changed and {@code -xattr=NAME} for each removed, comma-separated (a
 * comma inside NAME is {@code \054}); {@code link} on a {@code +} or {@code -} that adds or
 * removes one hard link of a file that has others.</li>
 * </ul>
 */
public final class TextDiffWriter implements DiffWriter {
    private final OutputStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    /** {@code out} should be buffered; this writes one line at a time. */
    public TextDiffWriter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(PathChange change) throws IOException {
        line.reset();
        line.write(change.kind().marker());
        line.write('\t');
        line.write(change.type().symbol());
        line.write('\t');
        path(change.path());
        if (change.newPath().isPresent()) {
            ascii(" -> ");
            path(change.newPath().get());
        }
        String details = details(change);
        if (!details.isEmpty()) {
            line.write('\t');
            ascii(details);
        }
        line.write('\n');
        line.writeTo(out);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    private void path(ByteString path) {
        if (path.isEmpty()) {
            line.write('.');
        } else {
            ascii(escaped(path, false));
        }
    }

    private static String details(PathChange change) {
        if (change.kind() == PathChange.Kind.LINK_ADDED || change.kind() == PathChange.Kind.LINK_REMOVED) {
            return "link";
        }
        StringBuilder s = new StringBuilder();
        for (Aspect aspect : change.aspects()) {
            separate(s).append(aspect.word());
        }
        for (ByteString name : change.xattrsSet()) {
            separate(s).append("+xattr=").append(escaped(name, true));
        }
        for (ByteString name : change.xattrsRemoved()) {
            separate(s).append("-xattr=").append(escaped(name, true));
        }
        return s.toString();
    }

    private static StringBuilder separate(StringBuilder s) {
        return s.isEmpty() ? s : s.append(',');
    }

    /** {@code bytes} as printable ASCII (see the class comment); commas too when {@code inList}. */
    static String escaped(ByteString bytes, boolean inList) {
        StringBuilder s = new StringBuilder(bytes.size() + 8);
        for (int i = 0; i < bytes.size(); i++) {
            int b = bytes.byteAt(i) & 0xff;
            String named = switch (b) {
                case 0x07 -> "\\a";
                case 0x08 -> "\\b";
                case 0x09 -> "\\t";
                case 0x0a -> "\\n";
                case 0x0b -> "\\v";
                case 0x0c -> "\\f";
                case 0x0d -> "\\r";
                case 0x1b -> "\\e";
                case ' ' -> "\\ ";
                case '\\' -> "\\\\";
                default -> null;
            };
            if (named != null) {
                s.append(named);
            } else if (b < 0x20 || b > 0x7e || (inList && b == ',')) {
                s.append('\\').append((char) ('0' + (b >> 6))).append((char) ('0' + ((b >> 3) & 7)))
                        .append((char) ('0' + (b & 7)));
            } else {
                s.append((char) b);
            }
        }
        return s.toString();
    }

    private void ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            line.write(s.charAt(i));
        }
    }
}
