package dev.ferry.btrfs.testing.scenario;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Names a receiver must carry byte for byte: whitespace, escapes, UTF-8, invalid UTF-8, 255 bytes. */
final class NameScenarios {
    private static final byte[] INVALID_UTF8 = {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe, ' ', 'n', 'a', 'm', 'e'};
    private static final byte[] LONE_CONTINUATION = {(byte) 0x80};
    private static final byte[] TRUNCATED_SEQUENCE = {'x', (byte) 0xc3, '(', 'y'};
    private static final String ASCII_255 = "n".repeat(255);
    private static final String UTF8_255 = "é".repeat(127) + "x";

    private NameScenarios() {
    }

    static List<Scenario> all() {
        return List.of(specialNames(), specialDirectoryNames());
    }

    /** Concatenates text (as UTF-8) and raw byte arrays into one name or path. */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] raw ? raw : part.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static final List<byte[]> NAMES = List.of(
            bytes("with space"), bytes(" leading and trailing "), bytes("new\nline"), bytes("\n"), bytes("tab\there"),
            bytes("back\\slash"), bytes("quote'\"`$(x)*?[a]"), bytes("-dash"), bytes(".hidden"), bytes("..."),
            bytes("ünïcödé ✓ 日本"), INVALID_UTF8, LONE_CONTINUATION, TRUNCATED_SEQUENCE, bytes(ASCII_255), bytes(UTF8_255));

    static Scenario specialNames() {
        return Scenario.named("special-names")
                .step("one file per awkward name", v -> {
                    int seed = 700;
                    for (byte[] name : NAMES) {
                        Volume.write(v.path(name), Volume.randomBytes(50, seed++));
                    }
                })
                .step("swap two awkward names, link, retarget, change content", v -> {
                    Volume.rename(v.path(INVALID_UTF8), v.path("tmp"));
                    Volume.rename(v.path(bytes("new\nline")), v.path(INVALID_UTF8));
                    Volume.rename(v.path("tmp"), v.path(bytes("new\nline")));
                    java.nio.file.Files.createLink(v.path(bytes(UTF8_255.substring(1), "\t")), v.path(bytes(ASCII_255)));
                    v.symlink("link", bytes("../", LONE_CONTINUATION, "/", TRUNCATED_SEQUENCE));
                    Volume.write(v.path(bytes("ünïcödé ✓ 日本")), Volume.randomBytes(60, 799));
                })
                .step("delete some, rename the rest to each other's names", v -> {
                    Volume.delete(v.path(bytes("\n")));
                    Volume.delete(v.path(LONE_CONTINUATION));
                    Volume.rename(v.path(bytes(ASCII_255)), v.path(bytes("\n")));
                    Volume.rename(v.path(TRUNCATED_SEQUENCE), v.path(LONE_CONTINUATION));
                })
                .build();
    }

    static Scenario specialDirectoryNames() {
        byte[] dir = bytes("dir\nwith ", INVALID_UTF8);
        return Scenario.named("special-dir-names")
                .step("a directory with an awkward name holding awkward names", v -> {
                    java.nio.file.Files.createDirectory(v.path(dir));
                    Volume.write(v.path(bytes(dir, "/", UTF8_255)), Volume.randomBytes(10, 800));
                    Volume.write(v.path(bytes(dir, "/back\\slash")), Volume.randomBytes(10, 801));
                })
                .step("renamed to another awkward name, a file moved out", v -> {
                    Volume.rename(v.path(dir), v.path(bytes("\t", TRUNCATED_SEQUENCE)));
                    Volume.rename(v.path(bytes("\t", TRUNCATED_SEQUENCE, "/", UTF8_255)), v.path(bytes(UTF8_255)));
                })
                .step("a dir with a 255-byte name nested in itself by name", v -> {
                    java.nio.file.Files.createDirectories(v.path(bytes(ASCII_255, "/", ASCII_255, "/", ASCII_255)));
                    Volume.rename(v.path(bytes(UTF8_255)), v.path(bytes(ASCII_255, "/", ASCII_255, "/", ASCII_255, "/", UTF8_255)));
                })
                .build();
    }
}
