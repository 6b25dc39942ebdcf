package dev.ferry.stream.dump;

import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import dev.ferry.stream.CommandType;
import java.io.IOException;
import java.io.OutputStream;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Prints commands exactly as {@code btrfs receive --dump} of btrfs-progs 6.2 does, byte for byte
 * (send-stream-format.md §11): the title in 16 columns, the path prefixed with the current
 * subvolume and escaped, padded to 32 columns when fields follow, then the fields.
 *
 * <p>What 6.2 escapes and what it prints raw is followed faithfully, quirks included: clone
 * sources, xattr names and xattr values go out raw, an xattr value is cut at its first NUL, and
 * {@code fileattr} shows a decimal number behind {@code 0x}. Utimes are printed in the given
 * zone, as progs prints them in its local time zone. END prints nothing and, since ferry goes on
 * reading concatenated streams where progs stops, makes the next stream start afresh, as a new
 * {@code btrfs receive --dump} would. Unknown commands print nothing, as in progs.
 *
 * <p>Two deliberate differences from 6.2, both out of reach of real streams: paths longer than
 * PATH_MAX are printed (progs refuses them), and a CLONE length of 2 GiB or more is printed as
 * it is (progs squeezes it through an {@code int}).
 */
public final class TextDumper implements StreamDumper {
    private static final int TITLE_WIDTH = 16;
    private static final int PATH_WIDTH = 32;
    private static final ByteString DUMP_ROOT = ByteString.utf8(".");

    private final OutputStream out;
    private final LocalTimeFormat times;
    private final LineBuffer line = new LineBuffer();
    /**
     * The path of the current subvolume, which prefixes every other path: progs' full_subvol_path.
     * Always a fresh copy ({@link #join}), never the command's own bytes, which may be borrowed.
     */
    private ByteString subvolume = DUMP_ROOT;

    /**
     * @param out  where the lines go; pass a buffered stream, each line is one small write
     * @param zone the time zone for utimes, the counterpart of progs' TZ
     */
    public TextDumper(OutputStream out, ZoneId zone) {
        this.out = Objects.requireNonNull(out, "out");
        this.times = new LocalTimeFormat(zone);
    }

    @Override
    public void dump(long index, long offset, Command command) throws IOException {
        try {
            print(command);
        } catch (DateTimeException e) {
            throw new DumpException(index, offset, "cannot print the time of " + command.type().title()
                    + " in the local time zone: " + e.getMessage(), e);
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    private void print(Command command) throws IOException {
        switch (command.type()) {
            case SUBVOL -> subvol((Command.Subvol) command);
            case SNAPSHOT -> snapshot((Command.Snapshot) command);
            case MKFILE, MKDIR, MKFIFO, MKSOCK, UNLINK, RMDIR -> bare((Command.OnPath) command);
            case MKNOD -> mknod((Command.MkNod) command);
            case SYMLINK -> symlink((Command.Symlink) command);
            case RENAME -> rename((Command.Rename) command);
            case LINK -> link((Command.Link) command);
            case SET_XATTR -> setXattr((Command.SetXattr) command);
            case REMOVE_XATTR -> removeXattr((Command.RemoveXattr) command);
            case WRITE -> write((Command.Write) command);
            case CLONE -> clone((Command.Clone) command);
            case TRUNCATE -> truncate((Command.Truncate) command);
            case CHMOD -> chmod((Command.Chmod) command);
            case CHOWN -> chown((Command.Chown) command);
            case UTIMES -> utimes((Command.Utimes) command);
            case END -> subvolume = DUMP_ROOT;
            case UPDATE_EXTENT -> updateExtent((Command.UpdateExtent) command);
            case FALLOCATE -> fallocate((Command.Fallocate) command);
            case FILEATTR -> fileattr((Command.FileAttr) command);
            case ENCODED_WRITE -> encodedWrite((Command.EncodedWrite) command);
            case ENABLE_VERITY -> enableVerity((Command.EnableVerity) command);
            case UNKNOWN -> { }
        }
    }

    private void subvol(Command.Subvol c) throws IOException {
        subvolume = join(DUMP_ROOT, c.path());
        fields(c.type(), subvolume)
                .ascii("uuid=").ascii(c.uuid().toString())
                .ascii(" transid=").unsigned(c.ctransid());
        emit();
    }

    private void snapshot(Command.Snapshot c) throws IOException {
        subvolume = join(DUMP_ROOT, c.path());
        fields(c.type(), subvolume)
                .ascii("uuid=").ascii(c.uuid().toString())
                .ascii(" transid=").unsigned(c.ctransid())
                .ascii(" parent_uuid=").ascii(c.cloneUuid().toString())
                .ascii(" parent_transid=").unsigned(c.cloneCtransid());
        emit();
    }

    private void bare(Command.OnPath c) throws IOException {
        title(c.type());
        line.escaped(inSubvolume(c.path()));
        emit();
    }

    private void mknod(Command.MkNod c) throws IOException {
        fields(c).ascii("mode=").octal(c.mode()).ascii(" dev=0x").hex(c.rdev());
        emit();
    }

    private void symlink(Command.Symlink c) throws IOException {
        fields(c).ascii("dest=").escaped(c.target());
        emit();
    }

    private void rename(Command.Rename c) throws IOException {
        fields(c).ascii("dest=").escaped(inSubvolume(c.to()));
        emit();
    }

    /** The link target is printed as the stream has it, without the subvolume prefix. */
    private void link(Command.Link c) throws IOException {
        fields(c).ascii("dest=").escaped(c.target());
        emit();
    }

    /** 6.2 prints name and value raw; {@code %.*s} stops the value at its first NUL. */
    private void setXattr(Command.SetXattr c) throws IOException {
        fields(c).ascii("name=").raw(c.name())
                .ascii(" data=").raw(c.value())
                .ascii(" len=").signed(c.value().size());
        emit();
    }

    private void removeXattr(Command.RemoveXattr c) throws IOException {
        fields(c).ascii("name=").raw(c.name());
        emit();
    }

    private void write(Command.Write c) throws IOException {
        fields(c).ascii("offset=").unsigned(c.offset()).ascii(" len=").unsigned((long) c.data().size());
        emit();
    }

    /** {@code from=} always carries the current subvolume's prefix, even for another source subvolume. */
    private void clone(Command.Clone c) throws IOException {
        fields(c).ascii("offset=").unsigned(c.offset())
                .ascii(" len=").unsigned(c.length())
                .ascii(" from=").raw(inSubvolume(c.clonePath()))
                .ascii(" clone_offset=").unsigned(c.cloneOffset());
        emit();
    }

    private void truncate(Command.Truncate c) throws IOException {
        fields(c).ascii("size=").unsigned(c.size());
        emit();
    }

    private void chmod(Command.Chmod c) throws IOException {
        fields(c).ascii("mode=").octal(c.mode());
        emit();
    }

    private void chown(Command.Chown c) throws IOException {
        fields(c).ascii("gid=").unsigned(c.gid()).ascii(" uid=").unsigned(c.uid());
        emit();
    }

    /** Whole seconds in local time; nanoseconds and OTIME are not printed. */
    private void utimes(Command.Utimes c) throws IOException {
        LineBuffer l = fields(c).ascii("atime=");
        times.appendTo(l, c.atime().seconds());
        times.appendTo(l.ascii(" mtime="), c.mtime().seconds());
        times.appendTo(l.ascii(" ctime="), c.ctime().seconds());
        emit();
    }

    private void updateExtent(Command.UpdateExtent c) throws IOException {
        fields(c).ascii("offset=").unsigned(c.offset()).ascii(" len=").unsigned(c.size());
        emit();
    }

    private void fallocate(Command.Fallocate c) throws IOException {
        fields(c).ascii("mode=").signed(c.mode())
                .ascii(" offset=").unsigned(c.offset())
                .ascii(" len=").unsigned(c.size());
        emit();
    }

    /** Yes, {@code 0x} and then decimal: that is what 6.2 prints. */
    private void fileattr(Command.FileAttr c) throws IOException {
        fields(c).ascii("fileattr=0x").unsigned(c.flags());
        emit();
    }

    /** {@code len} is the size of the encoded data; 6.2 separates the rest with commas. */
    private void encodedWrite(Command.EncodedWrite c) throws IOException {
        fields(c).ascii("offset=").unsigned(c.offset())
                .ascii(" len=").unsigned((long) c.data().size())
                .ascii(", unencoded_file_len=").unsigned(c.unencodedFileLen())
                .ascii(", unencoded_len=").unsigned(c.unencodedLen())
                .ascii(", unencoded_offset=").unsigned(c.unencodedOffset())
                .ascii(", compression=").unsigned(c.compression().orElse(0))
                .ascii(", encryption=").unsigned(c.encryption().orElse(0));
        emit();
    }

    private void enableVerity(Command.EnableVerity c) throws IOException {
        fields(c).ascii("algorithm=").unsigned(c.algorithm())
                .ascii(" block_size=").unsigned((int) c.blockSize())
                .ascii(" salt_len=").signed(c.salt().size())
                .ascii(" sig_len=").signed(c.signature().size());
        emit();
    }

    private LineBuffer fields(Command.OnPath c) {
        return fields(c.type(), inSubvolume(c.path()));
    }

    /** Title and escaped path, then spaces up to the 32-column path field; at least one. */
    private LineBuffer fields(CommandType type, ByteString fullPath) {
        title(type);
        int width = line.escaped(fullPath);
        return line.spaces(Math.max(1, PATH_WIDTH - width));
    }

    private void title(CommandType type) {
        line.clear().ascii(type.title()).spaces(Math.max(0, TITLE_WIDTH - type.title().length()));
    }

    private void emit() throws IOException {
        line.newline().writeTo(out);
    }

    private ByteString inSubvolume(ByteString path) {
        return join(subvolume, path);
    }

    /**
     * progs' {@code path_cat_out}: both parts as C strings, each without one trailing slash,
     * joined by a slash. So the subvolume root (empty path) prints as {@code ./snap/}.
     */
    static ByteString join(ByteString dir, ByteString name) {
        int dirLength = withoutTrailingSlash(dir);
        int nameLength = withoutTrailingSlash(name);
        byte[] joined = new byte[dirLength + 1 + nameLength];
        dir.substring(0, dirLength).copyTo(joined, 0);
        joined[dirLength] = '/';
        name.substring(0, nameLength).copyTo(joined, dirLength + 1);
        return ByteString.wrap(joined, 0, joined.length);
    }

    private static int withoutTrailingSlash(ByteString s) {
        int n = LineBuffer.cString(s);
        return n > 0 && s.byteAt(n - 1) == '/' ? n - 1 : n;
    }
}
