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
 * Turns the payload of one crc-checked command into a {@link Command}. Attribute values are
 * slices of the payload array: either the caller hands the array over and never touches it again,
 * or, for a decoder that lends, the slices are {@linkplain ByteString#isBorrowed() borrowed}.
 *
 * <p>Reusable, not thread-safe: it keeps a table of where each attribute's value lies in the
 * current payload, indexed by attribute number (a later duplicate overwrites an earlier one, as
 * in btrfs-progs).
 */
final class CommandDecoder {
    private static final int ABSENT = -1;
    private static final Attribute[] ATTRIBUTES = Attribute.values();

    private final int[] valueOffset = new int[ATTRIBUTES.length + 1];
    private final int[] valueLength = new int[ATTRIBUTES.length + 1];
    /** True when payload arrays are reused, so values must be borrowed views. */
    private final boolean lends;

    private byte[] payload;
    private CommandType type;
    private long commandIndex;
    private long commandOffset;

    CommandDecoder(boolean lends) {
        this.lends = lends;
    }

    /**
     * Decodes {@code length} bytes of {@code payload} as command {@code number} of a stream of
     * {@code version}; {@code commandIndex} and {@code commandOffset} only locate errors.
     */
    Command decode(int number, byte[] payload, int length, int version, long commandIndex, long commandOffset)
            throws StreamFormatException {
        this.type = CommandType.byNumber(number);
        this.commandIndex = commandIndex;
        this.commandOffset = commandOffset;
        if (type == CommandType.UNKNOWN) {
            // btrfs-progs skips these after the crc check; keep the raw payload, its layout is unknown.
            return new Command.Unknown(number, slice(payload, 0, length));
        }
        this.payload = payload;
        indexAttributes(length, version);
        return switch (type) {
            case SUBVOL -> new Command.Subvol(string(PATH), uuid(Attribute.UUID), u64(CTRANSID));
            case SNAPSHOT -> new Command.Snapshot(string(PATH), uuid(Attribute.UUID), u64(CTRANSID),
                    uuid(CLONE_UUID), u64(CLONE_CTRANSID));
            case MKFILE -> new Command.MkFile(string(PATH), u64(INO));
            case MKDIR -> new Command.MkDir(string(PATH), u64(INO));
            case MKNOD -> new Command.MkNod(string(PATH), u64(INO), u64(RDEV), u64(MODE));
            case MKFIFO -> new Command.MkFifo(string(PATH), u64(INO), optionalU64(RDEV), optionalU64(MODE));
            case MKSOCK -> new Command.MkSock(string(PATH), u64(INO), optionalU64(RDEV), optionalU64(MODE));
            case SYMLINK -> new Command.Symlink(string(PATH), u64(INO), string(PATH_LINK));
            case RENAME -> new Command.Rename(string(PATH), string(PATH_TO));
            case LINK -> new Command.Link(string(PATH), string(PATH_LINK));
            case UNLINK -> new Command.Unlink(string(PATH));
            case RMDIR -> new Command.Rmdir(string(PATH));
            case SET_XATTR -> new Command.SetXattr(string(PATH), string(XATTR_NAME), string(XATTR_DATA));
            case REMOVE_XATTR -> new Command.RemoveXattr(string(PATH), string(XATTR_NAME));
            case WRITE -> new Command.Write(string(PATH), u64(FILE_OFFSET), string(DATA));
            case CLONE -> new Command.Clone(string(PATH), u64(FILE_OFFSET), u64(CLONE_LEN), uuid(CLONE_UUID),
                    u64(CLONE_CTRANSID), string(CLONE_PATH), u64(CLONE_OFFSET));
            case TRUNCATE -> new Command.Truncate(string(PATH), u64(SIZE));
            case CHMOD -> new Command.Chmod(string(PATH), u64(MODE));
            case CHOWN -> new Command.Chown(string(PATH), u64(UID), u64(GID));
            case UTIMES -> new Command.Utimes(string(PATH), timespec(ATIME), timespec(MTIME), timespec(CTIME),
                    optionalTimespec(OTIME));
            case END -> new Command.End();
            case UPDATE_EXTENT -> new Command.UpdateExtent(string(PATH), u64(FILE_OFFSET), u64(SIZE));
            case FALLOCATE -> new Command.Fallocate(string(PATH), u32(FALLOCATE_MODE), u64(FILE_OFFSET), u64(SIZE));
            case FILEATTR -> new Command.FileAttr(string(PATH), u64(FILEATTR));
            case ENCODED_WRITE -> new Command.EncodedWrite(string(PATH), u64(FILE_OFFSET), u64(UNENCODED_FILE_LEN),
                    u64(UNENCODED_LEN), u64(UNENCODED_OFFSET), optionalU32(COMPRESSION), optionalU32(ENCRYPTION),
                    string(DATA));
            case ENABLE_VERITY -> new Command.EnableVerity(string(PATH), u8(VERITY_ALGORITHM),
                    u32(VERITY_BLOCK_SIZE) & 0xFFFF_FFFFL, string(VERITY_SALT_DATA), string(VERITY_SIG_DATA));
            case UNKNOWN -> throw new AssertionError("handled above");
        };
    }

    /** Walks the TLVs once, checking every length, and records where each value lies. */
    private void indexAttributes(int length, int version) throws StreamFormatException {
        Arrays.fill(valueOffset, ABSENT);
        int pos = 0;
        while (pos < length) {
            if (length - pos < 2) {
                throw error("truncated attribute header at payload byte " + pos);
            }
            int number = Wire.u16(payload, pos);
            Attribute attribute = Attribute.byNumber(number);
            if (attribute == null) {
                throw error("attribute " + number + " is not defined");
            }
            int start;
            int size;
            if (attribute == DATA && version >= 2) {
                // v2+: DATA has no length field and runs to the end of the command.
                start = pos + 2;
                size = length - start;
            } else {
                if (length - pos < 4) {
                    throw error("truncated attribute header of " + attribute + " at payload byte " + pos);
                }
                start = pos + 4;
                size = Wire.u16(payload, pos + 2);
                if (size > length - start) {
                    throw error("attribute " + attribute + " declares " + size + " bytes, "
                            + (length - start) + " remain in the command");
                }
            }
            int fixedSize = attribute.kind().fixedSize();
            if (fixedSize >= 0 && size != fixedSize) {
                throw error("attribute " + attribute + " has " + size + " bytes, expected " + fixedSize);
            }
            valueOffset[number] = start;
            valueLength[number] = size;
            pos = start + size;
        }
    }

    private StreamFormatException error(String reason) {
        return new StreamFormatException(commandIndex, commandOffset, reason + " in " + type);
    }

    private boolean present(Attribute a) {
        return valueOffset[a.number()] != ABSENT;
    }

    private int require(Attribute a) throws StreamFormatException {
        int offset = valueOffset[a.number()];
        if (offset == ABSENT) {
            throw new StreamFormatException(commandIndex, commandOffset, type + " lacks required attribute " + a);
        }
        return offset;
    }

    private ByteString string(Attribute a) throws StreamFormatException {
        return slice(payload, require(a), valueLength[a.number()]);
    }

    private ByteString slice(byte[] array, int offset, int length) {
        return lends ? ByteString.borrow(array, offset, length) : ByteString.wrap(array, offset, length);
    }

    private long u64(Attribute a) throws StreamFormatException {
        return Wire.i64(payload, require(a));
    }

    private int u32(Attribute a) throws StreamFormatException {
        return Wire.i32(payload, require(a));
    }

    private int u8(Attribute a) throws StreamFormatException {
        return payload[require(a)] & 0xFF;
    }

    private UUID uuid(Attribute a) throws StreamFormatException {
        return Wire.uuid(payload, require(a));
    }

    private Timespec timespec(Attribute a) throws StreamFormatException {
        int offset = require(a);
        return new Timespec(Wire.i64(payload, offset), Wire.u32(payload, offset + 8));
    }

    private OptionalLong optionalU64(Attribute a) throws StreamFormatException {
        return present(a) ? OptionalLong.of(u64(a)) : OptionalLong.empty();
    }

    private OptionalInt optionalU32(Attribute a) throws StreamFormatException {
        return present(a) ? OptionalInt.of(u32(a)) : OptionalInt.empty();
    }

    private Optional<Timespec> optionalTimespec(Attribute a) throws StreamFormatException {
        return present(a) ? Optional.of(timespec(a)) : Optional.empty();
    }
}
