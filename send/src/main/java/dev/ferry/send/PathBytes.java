package dev.ferry.send;

import dev.ferry.btrfs.items.Name;
import java.io.ByteArrayOutputStream;
import java.util.List;

/** Paths in a send stream: raw name bytes joined with '/', relative to the subvolume root ("" is the root). */
final class PathBytes {
    private PathBytes() {
    }

    static byte[] join(List<Name> names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Name name : names) {
            if (out.size() > 0) {
                out.write('/');
            }
            out.writeBytes(name.bytes());
        }
        return out.toByteArray();
    }

    static byte[] child(byte[] dir, Name name) {
        byte[] n = name.bytes();
        if (dir.length == 0) {
            return n;
        }
        byte[] path = new byte[dir.length + 1 + n.length];
        System.arraycopy(dir, 0, path, 0, dir.length);
        path[dir.length] = '/';
        System.arraycopy(n, 0, path, dir.length + 1, n.length);
        return path;
    }
}
