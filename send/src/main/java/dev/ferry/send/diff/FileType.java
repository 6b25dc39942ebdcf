package dev.ferry.send.diff;

/**
 * The type of a changed file, with the one-character symbol {@code zfs diff -F} uses for it and
 * the word the JSON form uses.
 */
public enum FileType {
    REGULAR('F', "file"),
    DIRECTORY('/', "dir"),
    SYMLINK('@', "symlink"),
    BLOCK_DEVICE('B', "block"),
    CHAR_DEVICE('C', "char"),
    FIFO('|', "fifo"),
    SOCKET('=', "socket");

    private final char symbol;
    private final String word;

    FileType(char symbol, String word) {
        this.symbol = symbol;
        this.word = word;
    }

    /** The type encoded in the S_IFMT bits of {@code mode}. */
    public static FileType ofMode(int mode) {
        return switch (mode & 0170000) {
            case 0100000 -> REGULAR;
            case 0040000 -> DIRECTORY;
            case 0120000 -> SYMLINK;
            case 0060000 -> BLOCK_DEVICE;
            case 0020000 -> CHAR_DEVICE;
            case 0010000 -> FIFO;
            case 0140000 -> SOCKET;
            default -> throw new IllegalArgumentException("unknown file type in mode " + Integer.toOctalString(mode));
        };
    }

    public char symbol() {
        return symbol;
    }

    public String word() {
        return word;
    }
}
