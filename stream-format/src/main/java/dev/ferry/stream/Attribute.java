package dev.ferry.stream;

/**
 * The TLV attribute types of the send stream (btrfs-progs {@code send.h}, BTRFS_SEND_A_*).
 * The type of an attribute's value is implied by its number; nothing on the wire says it.
 */
public enum Attribute {
    UUID(1, Kind.UUID, 1),
    CTRANSID(2, Kind.U64, 1),
    INO(3, Kind.U64, 1),
    SIZE(4, Kind.U64, 1),
    MODE(5, Kind.U64, 1),
    UID(6, Kind.U64, 1),
    GID(7, Kind.U64, 1),
    RDEV(8, Kind.U64, 1),
    CTIME(9, Kind.TIMESPEC, 1),
    MTIME(10, Kind.TIMESPEC, 1),
    ATIME(11, Kind.TIMESPEC, 1),
    OTIME(12, Kind.TIMESPEC, 1),
    XATTR_NAME(13, Kind.STRING, 1),
    XATTR_DATA(14, Kind.DATA, 1),
    PATH(15, Kind.STRING, 1),
    PATH_TO(16, Kind.STRING, 1),
    PATH_LINK(17, Kind.STRING, 1),
    FILE_OFFSET(18, Kind.U64, 1),
    /** In v2 and later DATA has no length field and runs to the end of the command. */
    DATA(19, Kind.DATA, 1),
    CLONE_UUID(20, Kind.UUID, 1),
    CLONE_CTRANSID(21, Kind.U64, 1),
    CLONE_PATH(22, Kind.STRING, 1),
    CLONE_OFFSET(23, Kind.U64, 1),
    CLONE_LEN(24, Kind.U64, 1),
    FALLOCATE_MODE(25, Kind.U32, 2),
    FILEATTR(26, Kind.U64, 2),
    UNENCODED_FILE_LEN(27, Kind.U64, 2),
    UNENCODED_LEN(28, Kind.U64, 2),
    UNENCODED_OFFSET(29, Kind.U64, 2),
    COMPRESSION(30, Kind.U32, 2),
    ENCRYPTION(31, Kind.U32, 2),
    VERITY_ALGORITHM(32, Kind.U8, 3),
    VERITY_BLOCK_SIZE(33, Kind.U32, 3),
    VERITY_SALT_DATA(34, Kind.DATA, 3),
    VERITY_SIG_DATA(35, Kind.DATA, 3);

    /** How a value is encoded. Fixed-size kinds must have exactly that many bytes. */
    public enum Kind {
        U8(1), U32(4), U64(8), UUID(16), TIMESPEC(12), STRING(-1), DATA(-1);

        private final int fixedSize;

        Kind(int fixedSize) {
            this.fixedSize = fixedSize;
        }

        /** The exact size in bytes, or -1 for variable-length kinds. */
        public int fixedSize() {
            return fixedSize;
        }
    }

    /** The highest attribute number defined by this protocol version (A_MAX_V1/V2/V3). */
    public static int maxNumber(int version) {
        return switch (version) {
            case 1 -> 24;
            case 2 -> 31;
            default -> 35;
        };
    }

    private static final Attribute[] BY_NUMBER = new Attribute[36];

    static {
        for (Attribute a : values()) {
            BY_NUMBER[a.number] = a;
        }
    }

    private final int number;
    private final Kind kind;
    private final int sinceVersion;

    Attribute(int number, Kind kind, int sinceVersion) {
        this.number = number;
        this.kind = kind;
        this.sinceVersion = sinceVersion;
    }

    public int number() {
        return number;
    }

    public Kind kind() {
        return kind;
    }

    public int sinceVersion() {
        return sinceVersion;
    }

    /** The attribute with this number, or null when the number is 0 or unknown. */
    public static Attribute byNumber(int number) {
        return number > 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
    }
}
