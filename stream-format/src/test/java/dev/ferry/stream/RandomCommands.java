package dev.ferry.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;

/**
 * Random commands of every type a given stream version defines, biased towards the edges: empty
 * and maximal values, non-UTF-8 names, extreme u64s, negative timestamps, absent optionals.
 */
final class RandomCommands {
    private static final long[] EDGE_LONGS = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 0xFFFF_FFFFL, 1L << 32};
    private static final int MAX_TLV = 0xFFFF;

    private final Random random;
    private final int version;
    private final List<CommandType> types = new ArrayList<>();

    RandomCommands(Random random, int version) {
        this.random = random;
        this.version = version;
        for (CommandType type : CommandType.values()) {
            if (type.sinceVersion() <= version && type != CommandType.END) {
                types.add(type);
            }
        }
    }

    /** {@code count} commands without END. */
    List<Command> commands(int count) {
        List<Command> commands = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            commands.add(of(types.get(random.nextInt(types.size()))));
        }
        return commands;
    }

    /** Every command type of this version once, with every optional present, then absent. */
    List<Command> everyType() {
        List<Command> commands = new ArrayList<>();
        for (CommandType type : types) {
            commands.add(of(type));
        }
        return commands;
    }

    Command of(CommandType type) {
        return switch (type) {
            case SUBVOL -> new Command.Subvol(path(), uuid(), u64());
            case SNAPSHOT -> new Command.Snapshot(path(), uuid(), u64(), uuid(), u64());
            case MKFILE -> new Command.MkFile(path(), u64());
            case MKDIR -> new Command.MkDir(path(), u64());
            case MKNOD -> new Command.MkNod(path(), u64(), u64(), u64());
            case MKFIFO -> new Command.MkFifo(path(), u64(), optionalU64(), optionalU64());
            case MKSOCK -> new Command.MkSock(path(), u64(), optionalU64(), optionalU64());
            case SYMLINK -> new Command.Symlink(path(), u64(), path());
            case RENAME -> new Command.Rename(path(), path());
            case LINK -> new Command.Link(path(), path());
            case UNLINK -> new Command.Unlink(path());
            case RMDIR -> new Command.Rmdir(path());
            case SET_XATTR -> new Command.SetXattr(path(), path(), data(MAX_TLV));
            case REMOVE_XATTR -> new Command.RemoveXattr(path(), path());
            case WRITE -> new Command.Write(path(), u64(), data(version == 1 ? 48 << 10 : 128 << 10));
            case CLONE -> new Command.Clone(path(), u64(), u64(), uuid(), u64(), path(), u64());
            case TRUNCATE -> new Command.Truncate(path(), u64());
            case CHMOD -> new Command.Chmod(path(), u64());
            case CHOWN -> new Command.Chown(path(), u64(), u64());
            case UTIMES -> new Command.Utimes(path(), timespec(), timespec(), timespec(),
                    random.nextBoolean() ? Optional.of(timespec()) : Optional.empty());
            case END -> new Command.End();
            case UPDATE_EXTENT -> new Command.UpdateExtent(path(), u64(), u64());
            case FALLOCATE -> new Command.Fallocate(path(), random.nextInt(), u64(), u64());
            case FILEATTR -> new Command.FileAttr(path(), u64());
            case ENCODED_WRITE -> new Command.EncodedWrite(path(), u64(), u64(), u64(), u64(), optionalU32(),
                    optionalU32(), data(random.nextInt(50) == 0 ? 200_000 : 128 << 10));
            case ENABLE_VERITY -> new Command.EnableVerity(path(), random.nextInt(256),
                    random.nextBoolean() ? 4096 : random.nextInt() & 0xFFFF_FFFFL, data(MAX_TLV), data(MAX_TLV));
            case UNKNOWN -> new Command.Unknown(unknownNumber(), data(1000));
        };
    }

    private int unknownNumber() {
        return switch (random.nextInt(3)) {
            case 0 -> 0;
            case 1 -> 27 + random.nextInt(100);
            default -> 27 + random.nextInt(0xFFFF - 26);
        };
    }

    /** A name or path: often empty or short text, sometimes binary (no NUL), rarely maximal. */
    ByteString path() {
        int shape = random.nextInt(100);
        if (shape < 10) {
            return ByteString.EMPTY;
        }
        if (shape < 60) {
            return ByteString.utf8("dir" + random.nextInt(100) + "/file-" + random.nextInt(100_000) + ".txt");
        }
        int length = shape == 99 ? MAX_TLV : 1 + random.nextInt(300);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (1 + random.nextInt(255)); // any byte but NUL, often not UTF-8
        }
        return ByteString.wrap(bytes, 0, length);
    }

    /** Data of 0..max bytes, often small, sometimes exactly 0 or max. */
    ByteString data(int max) {
        int shape = random.nextInt(100);
        int length = shape < 5 ? 0 : shape < 8 ? max : shape < 20 ? random.nextInt(max + 1) : random.nextInt(Math.min(max, 200) + 1);
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return ByteString.wrap(bytes, 0, length);
    }

    long u64() {
        return random.nextInt(4) == 0 ? EDGE_LONGS[random.nextInt(EDGE_LONGS.length)] : random.nextLong();
    }

    OptionalLong optionalU64() {
        return random.nextBoolean() ? OptionalLong.of(u64()) : OptionalLong.empty();
    }

    OptionalInt optionalU32() {
        return random.nextBoolean() ? OptionalInt.of(random.nextInt()) : OptionalInt.empty();
    }

    UUID uuid() {
        return new UUID(random.nextLong(), random.nextLong());
    }

    Timespec timespec() {
        long seconds = random.nextInt(3) == 0 ? -1 - random.nextInt(Integer.MAX_VALUE) : u64();
        long nanos = random.nextBoolean() ? random.nextInt(1_000_000_000) : random.nextInt() & 0xFFFF_FFFFL;
        return new Timespec(seconds, nanos);
    }
}
