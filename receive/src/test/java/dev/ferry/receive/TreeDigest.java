package dev.ferry.receive;

import static org.junit.jupiter.api.Assertions.fail;

import dev.ferry.btrfs.testing.Shell;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A line per entry of a tree with everything a receiver must reproduce: type, permissions
 * (set-id bits included), owner, size, mtime and atime in ns, device numbers, symlink target,
 * every xattr, content hash, data/hole map and hard-link group. Read by a small Python program
 * through raw byte paths, metadata before contents (files opened with O_NOATIME, directories
 * stat'ed before they are listed), so taking the digest changes nothing it records.
 *
 * <p>(Stand-in until the corpus's tree comparison lands on main.)
 */
final class TreeDigest {
    private static final String SCRIPT = """
            import os, sys, stat, hashlib
            root = os.fsencode(sys.argv[1]); holes = sys.argv[2] == '1'
            out = []; seen = {}
            def ranges(fd, size):
                r = []; at = 0
                while at < size:
                    try: d = os.lseek(fd, at, os.SEEK_DATA)
                    except OSError: break
                    h = os.lseek(fd, d, os.SEEK_HOLE); r.append('%d-%d' % (d, h)); at = h
                return ','.join(r)
            def walk(rel):
                p = os.path.join(root, rel) if rel else root
                st = os.lstat(p)
                # xfs lists ACLs to root a second time, as trusted.SGI_ACL_*: the same ACLs
                xs = sorted(x for x in os.listxattr(p, follow_symlinks=False) if not x.startswith('trusted.SGI_ACL_'))
                xa = ';'.join('%s=%s' % (x, os.getxattr(p, x, follow_symlinks=False).hex()) for x in xs)
                m = st.st_mode; kind = stat.S_IFMT(m)
                line = [repr(rel), oct(kind), oct(stat.S_IMODE(m)), str(st.st_uid), str(st.st_gid)]
                if not stat.S_ISDIR(m): line.append('mtime=%d' % st.st_mtime_ns)
                elif rel: line.append('mtime=%d' % st.st_mtime_ns)
                else: line.append('rootmtime=%d' % st.st_mtime_ns)
                if not stat.S_ISDIR(m): line.append('atime=%d' % st.st_atime_ns)
                line.append('xattrs=' + xa)
                if stat.S_ISLNK(m): line.append('target=' + os.readlink(p).hex())
                if stat.S_ISCHR(m) or stat.S_ISBLK(m): line.append('rdev=%d,%d' % (os.major(st.st_rdev), os.minor(st.st_rdev)))
                if not stat.S_ISDIR(m) and st.st_nlink > 1:
                    key = (st.st_dev, st.st_ino)
                    line.append('link=' + repr(seen.setdefault(key, rel)))
                out.append((rel, line, st, p))
                if stat.S_ISDIR(m):
                    for n in sorted(os.listdir(p)): walk(os.path.join(rel, n) if rel else n)
            walk(b'')
            for rel, line, st, p in out:
                if stat.S_ISREG(st.st_mode):
                    fd = os.open(p, os.O_RDONLY | os.O_NOATIME)
                    h = hashlib.sha256()
                    while True:
                        b = os.read(fd, 1 << 20)
                        if not b: break
                        h.update(b)
                    line += ['size=%d' % st.st_size, 'sha=' + h.hexdigest()[:16]]
                    if holes: line.append('data=' + ranges(fd, st.st_size))
                    os.close(fd)
                print(' '.join(line))
            """;

    private TreeDigest() {
    }

    /** The digest of {@code root}, one entry per key; {@code withHoles} adds the data/hole map. */
    static Map<String, String> of(Path root, boolean withHoles) {
        String out = Shell.run("python3", "-c", SCRIPT, root.toString(), withHoles ? "1" : "0");
        Map<String, String> entries = new TreeMap<>();
        for (String line : out.split("\n")) {
            if (!line.isEmpty()) {
                entries.put(line.substring(0, line.indexOf(' ')), line);
            }
        }
        return entries;
    }

    /** Fails listing every entry that differs. */
    static void assertSame(Path expected, Path actual, boolean withHoles) {
        Map<String, String> e = of(expected, withHoles);
        Map<String, String> a = of(actual, withHoles);
        List<String> differences = new ArrayList<>();
        for (String key : union(e, a)) {
            String x = e.get(key);
            String y = a.get(key);
            if (x == null || !x.equals(y)) {
                differences.add("\n  expected " + x + "\n  actual   " + y);
            }
        }
        if (!differences.isEmpty()) {
            fail(expected + " and " + actual + " differ in " + differences.size() + " entries:"
                    + String.join("", differences.subList(0, Math.min(20, differences.size()))));
        }
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        TreeMap<String, String> all = new TreeMap<>(a);
        all.putAll(b);
        return new ArrayList<>(all.keySet());
    }
}
