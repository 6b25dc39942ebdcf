package dev.ferry.stream.dump;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.ferry.stream.ByteString;
import dev.ferry.stream.Command;
import dev.ferry.stream.Timespec;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * One JSON object per command, one per line (JSON Lines), for programs to read:
 * {@code {"index":0,"offset":17,"command":"subvol","path":"snap1","uuid":"…","ctransid":7}}.
 *
 * <p>Every attribute of the command appears under its protocol name in lower case ({@code path},
 * {@code path_to}, {@code file_offset}, {@code clone_uuid}, …); attributes the stream omitted are
 * omitted here too. Conventions:
 * <ul>
 *   <li>names and other byte strings are JSON strings when they are valid UTF-8; otherwise the
 *       key gets a {@code _base64} suffix and the value is the standard base64 of the bytes
 *       ({@code "path_base64":"..."});</li>
 *   <li>the data of WRITE and ENCODED_WRITE is given only as its length, {@code data_len};</li>
 *   <li>u64 values are unsigned JSON integers, uuids canonical lower case;</li>
 *   <li>times are ISO-8601 UTC with nine fraction digits, {@code 2026-11-21T21:19:38.668430964Z};
 *       a time that is not a valid instant (nanoseconds of a billion or more, or beyond the
 *       calendar) is an object {@code {"seconds":…,"nanoseconds":…}} instead;</li>
 *   <li>a command number the protocol does not define is {@code "command":"unknown"} with its
 *       {@code number} and {@code payload_base64}.</li>
 * </ul>
 */
public final class JsonDumper implements StreamDumper {
    private static final DateTimeFormatter UTC_NANOS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final JsonGenerator json;

    public JsonDumper(OutputStream out) throws IOException {
        JsonFactory factory = JsonFactory.builder()
                .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                .build();
        this.json = factory.createGenerator(out, JsonEncoding.UTF8);
        json.setRootValueSeparator(null);
    }

    @Override
    public void dump(long index, long offset, Command command) throws IOException {
        json.writeStartObject();
        json.writeNumberField("index", index);
        json.writeNumberField("offset", offset);
        json.writeStringField("command", command.type().title());
        fields(command);
        json.writeEndObject();
        json.writeRaw('\n');
    }

    @Override
    public void flush() throws IOException {
        json.flush();
    }

    private void fields(Command command) throws IOException {
        if (command instanceof Command.OnPath onPath) {
            bytes("path", onPath.path());
        }
        switch (command.type()) {
            case SUBVOL -> {
                var c = (Command.Subvol) command;
                uuid("uuid", c.uuid());
                u64("ctransid", c.ctransid());
            }
            case SNAPSHOT -> {
                var c = (Command.Snapshot) command;
                uuid("uuid", c.uuid());
                u64("ctransid", c.ctransid());
                uuid("clone_uuid", c.cloneUuid());
                u64("clone_ctransid", c.cloneCtransid());
            }
            case MKFILE -> u64("ino", ((Command.MkFile) command).ino());
            case MKDIR -> u64("ino", ((Command.MkDir) command).ino());
            case MKNOD -> {
                var c = (Command.MkNod) command;
                u64("ino", c.ino());
                u64("rdev", c.rdev());
                u64("mode", c.mode());
            }
            case MKFIFO -> {
                var c = (Command.MkFifo) command;
                u64("ino", c.ino());
                u64("rdev", c.rdev());
                u64("mode", c.mode());
            }
            case MKSOCK -> {
                var c = (Command.MkSock) command;
                u64("ino", c.ino());
                u64("rdev", c.rdev());
                u64("mode", c.mode());
            }
            case SYMLINK -> {
                var c = (Command.Symlink) command;
                u64("ino", c.ino());
                bytes("path_link", c.target());
            }
            case RENAME -> bytes("path_to", ((Command.Rename) command).to());
            case LINK -> bytes("path_link", ((Command.Link) command).target());
            case UNLINK, RMDIR, END -> { }
            case SET_XATTR -> {
                var c = (Command.SetXattr) command;
                bytes("xattr_name", c.name());
                bytes("xattr_data", c.value());
            }
            case REMOVE_XATTR -> bytes("xattr_name", ((Command.RemoveXattr) command).name());
            case WRITE -> {
                var c = (Command.Write) command;
                u64("file_offset", c.offset());
                json.writeNumberField("data_len", c.data().size());
            }
            case CLONE -> {
                var c = (Command.Clone) command;
                u64("file_offset", c.offset());
                u64("clone_len", c.length());
                uuid("clone_uuid", c.cloneUuid());
                u64("clone_ctransid", c.cloneCtransid());
                bytes("clone_path", c.clonePath());
                u64("clone_offset", c.cloneOffset());
            }
            case TRUNCATE -> u64("size", ((Command.Truncate) command).size());
            case CHMOD -> u64("mode", ((Command.Chmod) command).mode());
            case CHOWN -> {
                var c = (Command.Chown) command;
                u64("uid", c.uid());
                u64("gid", c.gid());
            }
            case UTIMES -> {
                var c = (Command.Utimes) command;
                time("atime", c.atime());
                time("mtime", c.mtime());
                time("ctime", c.ctime());
                time("otime", c.otime());
            }
            case UPDATE_EXTENT -> {
                var c = (Command.UpdateExtent) command;
                u64("file_offset", c.offset());
                u64("size", c.size());
            }
            case FALLOCATE -> {
                var c = (Command.Fallocate) command;
                u32("fallocate_mode", c.mode());
                u64("file_offset", c.offset());
                u64("size", c.size());
            }
            case FILEATTR -> u64("fileattr", ((Command.FileAttr) command).flags());
            case ENCODED_WRITE -> {
                var c = (Command.EncodedWrite) command;
                u64("file_offset", c.offset());
                u64("unencoded_file_len", c.unencodedFileLen());
                u64("unencoded_len", c.unencodedLen());
                u64("unencoded_offset", c.unencodedOffset());
                u32("compression", c.compression());
                u32("encryption", c.encryption());
                json.writeNumberField("data_len", c.data().size());
            }
            case ENABLE_VERITY -> {
                var c = (Command.EnableVerity) command;
                json.writeNumberField("verity_algorithm", c.algorithm());
                json.writeNumberField("verity_block_size", c.blockSize());
                bytes("verity_salt_data", c.salt());
                bytes("verity_sig_data", c.signature());
            }
            case UNKNOWN -> {
                var c = (Command.Unknown) command;
                json.writeNumberField("number", c.number());
                base64("payload", c.payload());
            }
        }
    }

    /** UTF-8 text under {@code name}, anything else as base64 under {@code name_base64}. */
    private void bytes(String name, ByteString value) throws IOException {
        if (value.isUtf8()) {
            json.writeStringField(name, value.utf8());
        } else {
            base64(name, value);
        }
    }

    private void base64(String name, ByteString value) throws IOException {
        json.writeStringField(name + "_base64", Base64.getEncoder().encodeToString(value.toByteArray()));
    }

    private void uuid(String name, UUID value) throws IOException {
        json.writeStringField(name, value.toString());
    }

    private void u64(String name, long value) throws IOException {
        json.writeFieldName(name);
        if (value >= 0) {
            json.writeNumber(value);
        } else {
            json.writeNumber(new BigInteger(Long.toUnsignedString(value)));
        }
    }

    private void u64(String name, OptionalLong value) throws IOException {
        if (value.isPresent()) {
            u64(name, value.getAsLong());
        }
    }

    private void u32(String name, int value) throws IOException {
        json.writeNumberField(name, Integer.toUnsignedLong(value));
    }

    private void u32(String name, OptionalInt value) throws IOException {
        if (value.isPresent()) {
            u32(name, value.getAsInt());
        }
    }

    private void time(String name, Optional<Timespec> value) throws IOException {
        if (value.isPresent()) {
            time(name, value.get());
        }
    }

    private void time(String name, Timespec value) throws IOException {
        String iso = iso(value);
        if (iso != null) {
            json.writeStringField(name, iso);
            return;
        }
        json.writeObjectFieldStart(name);
        json.writeNumberField("seconds", value.seconds());
        json.writeNumberField("nanoseconds", value.nanos());
        json.writeEndObject();
    }

    /** The instant in ISO-8601 UTC, or null when the timespec is not a valid instant. */
    private static String iso(Timespec t) {
        if (t.nanos() >= 1_000_000_000L) {
            return null;
        }
        try {
            return UTC_NANOS.format(t.toInstant());
        } catch (DateTimeException e) {
            return null;
        }
    }
}
