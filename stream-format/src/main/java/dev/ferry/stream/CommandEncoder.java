package dev.ferry.stream;

import static dev.ferry.stream.Attribute.ATIME;
import static dev.ferry.stream.Attribute.CLONE_CTRANSID;
import static dev.ferry.stream.Attribute.CLONE_LEN;
import static dev.ferry.stream.Attribute.CLONE_OFFSET;
import static dev.ferry.stream.Attribute.CLONE_PATH;
import static dev.ferry.stream.Attribute.CLONE_UUID;
import static dev.ferry.stream.Attribute.COMPRESSION;
import static dev.ferry.stream.Attribute.CTIME;
import static dev.ferry.stream.Attribute.CTRANSID;
import static dev.ferry.stream.Attribute.DATA;
import static dev.ferry.stream.Attribute.ENCRYPTION;
import static dev.ferry.stream.Attribute.FALLOCATE_MODE;
import static dev.ferry.stream.Attribute.FILEATTR;
import static dev.ferry.stream.Attribute.FILE_OFFSET;
import static dev.ferry.stream.Attribute.GID;
import static dev.ferry.stream.Attribute.INO;
import static dev.ferry.stream.Attribute.MODE;
import static dev.ferry.stream.Attribute.MTIME;
import static dev.ferry.stream.Attribute.OTIME;
import static dev.ferry.stream.Attribute.PATH;
import static dev.ferry.stream.Attribute.PATH_LINK;
import static dev.ferry.stream.Attribute.PATH_TO;
import static dev.ferry.stream.Attribute.RDEV;
import static dev.ferry.stream.Attribute.SIZE;
import static dev.ferry.stream.Attribute.UID;
import static dev.ferry.stream.Attribute.UNENCODED_FILE_LEN;
import static dev.ferry.stream.Attribute.UNENCODED_LEN;
import static dev.ferry.stream.Attribute.UNENCODED_OFFSET;
import static dev.ferry.stream.Attribute.VERITY_ALGORITHM;
import static dev.ferry.stream.Attribute.VERITY_BLOCK_SIZE;
import static dev.ferry.stream.Attribute.VERITY_SALT_DATA;
import static dev.ferry.stream.Attribute.VERITY_SIG_DATA;
import static dev.ferry.stream.Attribute.XATTR_DATA;
import static dev.ferry.stream.Attribute.XATTR_NAME;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Encodes one {@link Command} into a reusable buffer, attributes in the kernel's order
 * (send-stream-format.md §5), then fills in the header and its crc in one pass over the bytes.
 *
 * <p>The DATA value of a WRITE or ENCODED_WRITE, always the command's last attribute, is not
 * copied into the buffer: it stays where it is as the {@link #tail()}, which follows the buffer's
 * bytes on the wire and which the crc covers in place. It is most of a send stream's bytes, and
 * copying each of them once more cost more CPU than all of the encoding around them.
 * Not thread-safe.
 */
final class CommandEncoder {
    static final int HEADER_SIZE = 10;
    private static final int MAX_TLV_VALUE = 0xFFFF;

    private final int version;
    private final BtrfsCrc32c crc = new BtrfsCrc32c();
    private byte[] buffer = new byte[64 << 10];
    private int length;
    private ByteString tail = ByteString.EMPTY;
    private CommandType type;

    CommandEncoder(int version) {
        this.version = version;
    }

    /** The bytes of the command last encoded, valid until the next call to {@link #encode}. */
    byte[] buffer() {
        return buffer;
    }

    /**
     * The rest of the command last encoded, after the bytes in {@link #buffer()}: the DATA value of
     * a WRITE or ENCODED_WRITE, empty for other commands.
     */
    ByteString tail() {
        return tail;
    }

    /**
     * Encodes {@code command}; the result is the first returned-value bytes of {@link #buffer()},
     * followed on the wire by the {@link #tail()}.
     *
     * @throws IllegalArgumentException when the command is not defined in this version or one of its
     *     values cannot be encoded
     */
    int encode(Command command) {
        type = command.type();
        if (type.sinceVersion() > version) {
            throw new IllegalArgumentException(type + " needs stream version " + type.sinceVersion()
                    + ", this stream is version " + version);
        }
        length = HEADER_SIZE;
        tail = ByteString.EMPTY;
        int number = command instanceof Command.Unknown unknown ? unknownNumber(unknown) : type.number();
        putAttributes(command);
        return finish(number);
    }

    private void putAttributes(Command command) {
        switch (type) {
            case SUBVOL -> {
                var c = (Command.Subvol) command;
                putString(PATH, c.path());
                putUuid(Attribute.UUID, c.uuid());
                putU64(CTRANSID, c.ctransid());
            }
            case SNAPSHOT -> {
                var c = (Command.Snapshot) command;
                putString(PATH, c.path());
                putUuid(Attribute.UUID, c.uuid());
                putU64(CTRANSID, c.ctransid());
                putUuid(CLONE_UUID, c.cloneUuid());
                putU64(CLONE_CTRANSID, c.cloneCtransid());
            }
            case MKFILE -> putPathAndIno(((Command.MkFile) command).path(), ((Command.MkFile) command).ino());
            case MKDIR -> putPathAndIno(((Command.MkDir) command).path(), ((Command.MkDir) command).ino());
            case MKNOD -> {
                var c = (Command.MkNod) command;
                putPathAndIno(c.path(), c.ino());
                putU64(RDEV, c.rdev());
                putU64(MODE, c.mode());
            }
            case MKFIFO -> {
                var c = (Command.MkFifo) command;
                putPathAndIno(c.path(), c.ino());
                putU64(RDEV, c.rdev());
                putU64(MODE, c.mode());
            }
            case MKSOCK -> {
                var c = (Command.MkSock) command;
                putPathAndIno(c.path(), c.ino());
                putU64(RDEV, c.rdev());
                putU64(MODE, c.mode());
            }
            case SYMLINK -> {
                var c = (Command.Symlink) command;
                putPathAndIno(c.path(), c.ino());
                putString(PATH_LINK, c.target());
            }
            case RENAME -> {
                var c = (Command.Rename) command;
                putString(PATH, c.path());
                putString(PATH_TO, c.to());
            }
            case LINK -> {
                var c = (Command.Link) command;
                putString(PATH, c.path());
                putString(PATH_LINK, c.target());
            }
            case UNLINK -> putString(PATH, ((Command.Unlink) command).path());
            case RMDIR -> putString(PATH, ((Command.Rmdir) command).path());
            case SET_XATTR -> {
                var c = (Command.SetXattr) command;
                putString(PATH, c.path());
                putString(XATTR_NAME, c.name());
                putBytes(XATTR_DATA, c.value());
            }
            case REMOVE_XATTR -> {
                var c = (Command.RemoveXattr) command;
                putString(PATH, c.path());
                putString(XATTR_NAME, c.name());
            }
            case WRITE -> {
                var c = (Command.Write) command;
                putString(PATH, c.path());
                putU64(FILE_OFFSET, c.offset());
                putData(c.data());
            }
            case CLONE -> {
                var c = (Command.Clone) command;
                putU64(FILE_OFFSET, c.offset());
                putU64(CLONE_LEN, c.length());
                putString(PATH, c.path());
                putUuid(CLONE_UUID, c.cloneUuid());
                putU64(CLONE_CTRANSID, c.cloneCtransid());
                putString(CLONE_PATH, c.clonePath());
                putU64(CLONE_OFFSET, c.cloneOffset());
            }
            case TRUNCATE -> {
                var c = (Command.Truncate) command;
                putString(PATH, c.path());
                putU64(SIZE, c.size());
            }
            case CHMOD -> {
                var c = (Command.Chmod) command;
                putString(PATH, c.path());
                putU64(MODE, c.mode());
            }
            case CHOWN -> {
                var c = (Command.Chown) command;
                putString(PATH, c.path());
                putU64(UID, c.uid());
                putU64(GID, c.gid());
            }
            case UTIMES -> {
                var c = (Command.Utimes) command;
                putString(PATH, c.path());
                putTimespec(ATIME, c.atime());
                putTimespec(MTIME, c.mtime());
                putTimespec(CTIME, c.ctime());
                putTimespec(OTIME, c.otime());
            }
            case END -> {
                // no attributes
            }
            case UPDATE_EXTENT -> {
                var c = (Command.UpdateExtent) command;
                putString(PATH, c.path());
                putU64(FILE_OFFSET, c.offset());
                putU64(SIZE, c.size());
            }
            case FALLOCATE -> {
                var c = (Command.Fallocate) command;
                putString(PATH, c.path());
                putU32(FALLOCATE_MODE, c.mode());
                putU64(FILE_OFFSET, c.offset());
                putU64(SIZE, c.size());
            }
            case FILEATTR -> {
                var c = (Command.FileAttr) command;
                putString(PATH, c.path());
                putU64(FILEATTR, c.flags());
            }
            case ENCODED_WRITE -> {
                var c = (Command.EncodedWrite) command;
                putString(PATH, c.path());
                putU64(FILE_OFFSET, c.offset());
                putU64(UNENCODED_FILE_LEN, c.unencodedFileLen());
                putU64(UNENCODED_LEN, c.unencodedLen());
                putU64(UNENCODED_OFFSET, c.unencodedOffset());
                putU32(COMPRESSION, c.compression());
                putU32(ENCRYPTION, c.encryption());
                putData(c.data());
            }
            case ENABLE_VERITY -> {
                var c = (Command.EnableVerity) command;
                putString(PATH, c.path());
                putU8(VERITY_ALGORITHM, c.algorithm());
                putU32(VERITY_BLOCK_SIZE, toU32(VERITY_BLOCK_SIZE, c.blockSize()));
                putBytes(VERITY_SALT_DATA, c.salt());
                putBytes(VERITY_SIG_DATA, c.signature());
            }
            case UNKNOWN -> putRaw(((Command.Unknown) command).payload());
        }
    }

    private static int unknownNumber(Command.Unknown unknown) {
        int number = unknown.number();
        if (number < 0 || number > 0xFFFF) {
            throw new IllegalArgumentException("command number out of u16 range: " + number);
        }
        if (CommandType.byNumber(number) != CommandType.UNKNOWN) {
            throw new IllegalArgumentException("command number " + number + " is "
                    + CommandType.byNumber(number) + ", not an unknown command");
        }
        return number;
    }

    /** Fills in len, cmd and crc; the crc field is still zero while the crc is computed. */
    private int finish(int number) {
        long payload = (long) length - HEADER_SIZE + tail.size();
        if (payload > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(type + ": command too large (" + (payload + HEADER_SIZE) + " bytes)");
        }
        Wire.putInt(buffer, 0, (int) payload);
        Wire.putShort(buffer, 4, number);
        Wire.putInt(buffer, 6, 0);
        crc.reset();
        crc.update(buffer, 0, length);
        tail.updateCrc(crc);
        Wire.putInt(buffer, 6, crc.value());
        return length;
    }

    private void putPathAndIno(ByteString path, long ino) {
        putString(PATH, path);
        putU64(INO, ino);
    }

    /** A name or path: any bytes but NUL, which would cut it short in a C receiver. */
    private void putString(Attribute attribute, ByteString value) {
        if (value.indexOf((byte) 0, 0) >= 0) {
            throw new IllegalArgumentException(type + ": " + attribute + " contains a NUL byte: " + value);
        }
        putBytes(attribute, value);
    }

    private void putBytes(Attribute attribute, ByteString value) {
        checkTlvSize(attribute, value.size());
        int at = putTlvHeader(attribute, value.size());
        value.copyTo(buffer, at);
    }

    private void checkTlvSize(Attribute attribute, int size) {
        if (size > MAX_TLV_VALUE) {
            throw new IllegalArgumentException(type + ": " + attribute + " has " + size
                    + " bytes, more than a TLV can hold (" + MAX_TLV_VALUE + ")");
        }
    }

    /**
     * DATA: a normal TLV in v1; from v2 on just its type, the value running to the end of the
     * command. Either way only the type (and v1's length) go into the buffer; the value is the
     * {@link #tail()}.
     */
    private void putData(ByteString data) {
        if (version == 1) {
            checkTlvSize(DATA, data.size());
            writeTlvHeader(reserve(4), DATA, data.size());
        } else {
            int at = reserve(2);
            Wire.putShort(buffer, at, DATA.number());
        }
        tail = data;
    }

    private void putRaw(ByteString bytes) {
        int at = reserve(bytes.size());
        bytes.copyTo(buffer, at);
    }

    private void putU64(Attribute attribute, long value) {
        int at = putTlvHeader(attribute, 8);
        Wire.putLong(buffer, at, value);
    }

    private void putU64(Attribute attribute, OptionalLong value) {
        if (value.isPresent()) {
            putU64(attribute, value.getAsLong());
        }
    }

    private void putU32(Attribute attribute, int value) {
        int at = putTlvHeader(attribute, 4);
        Wire.putInt(buffer, at, value);
    }

    private void putU32(Attribute attribute, OptionalInt value) {
        if (value.isPresent()) {
            putU32(attribute, value.getAsInt());
        }
    }

    private void putU8(Attribute attribute, int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(type + ": " + attribute + " out of u8 range: " + value);
        }
        int at = putTlvHeader(attribute, 1);
        buffer[at] = (byte) value;
    }

    private int toU32(Attribute attribute, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(type + ": " + attribute + " out of u32 range: " + value);
        }
        return (int) value;
    }

    private void putUuid(Attribute attribute, UUID value) {
        int at = putTlvHeader(attribute, 16);
        Wire.putUuid(buffer, at, value);
    }

    private void putTimespec(Attribute attribute, Timespec value) {
        int at = putTlvHeader(attribute, 12);
        Wire.putLong(buffer, at, value.seconds());
        Wire.putInt(buffer, at + 8, (int) value.nanos());
    }

    private void putTimespec(Attribute attribute, Optional<Timespec> value) {
        value.ifPresent(v -> putTimespec(attribute, v));
    }

    /** Writes a TLV header; returns where its value goes. */
    private int putTlvHeader(Attribute attribute, int valueSize) {
        int at = reserve(4 + valueSize);
        writeTlvHeader(at, attribute, valueSize);
        return at + 4;
    }

    /** The type and length of a TLV, at {@code at} in the buffer. */
    private void writeTlvHeader(int at, Attribute attribute, int valueSize) {
        Wire.putShort(buffer, at, attribute.number());
        Wire.putShort(buffer, at + 2, valueSize);
    }

    /**
     * Makes room for {@code size} more bytes; returns where they start. It may replace
     * {@link #buffer}: callers must call it before they read the field, never in the same
     * expression (Java evaluates {@code f(buffer, reserve(n))} left to right, with the old array).
     */
    private int reserve(int size) {
        int at = length;
        long needed = (long) at + size;
        if (needed > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(type + ": command too large (" + needed + " bytes)");
        }
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, 2L * buffer.length)));
        }
        length = (int) needed;
        return at;
    }
}
