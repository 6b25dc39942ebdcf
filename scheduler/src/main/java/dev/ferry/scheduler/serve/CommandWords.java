package dev.ferry.scheduler.serve;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the command line an ssh client asked for ({@code SSH_ORIGINAL_COMMAND}) into words the
 * way a POSIX shell would for the little that ferry itself writes (see {@code RemoteFerry}):
 * blanks separate words, {@code '...'} is literal, and {@code \x} is x. Nothing is expanded or
 * run; every other shell character outside quotes is refused, so a crafted line is an error, never
 * a second command.
 */
public final class CommandWords {
    /** Characters a shell would give a meaning ferry never needs. */
    private static final String SPECIAL = ";&|<>()$`\"*?[]{}~!#\n\r";

    private CommandWords() {
    }

    /**
     * The words of {@code line}.
     *
     * @throws IllegalArgumentException naming the character and its column
     */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated quote at column " + (i + 1));
                }
                word.append(line, i + 1, end);
                i = end;
            } else if (c == '\\') {
                if (i + 1 == line.length() || line.charAt(i + 1) == '\n') {
                    throw new IllegalArgumentException("a backslash at the end of the line");
                }
                word.append(line.charAt(++i));
            } else if (SPECIAL.indexOf(c) >= 0) {
                throw new IllegalArgumentException("shell character '" + printable(c) + "' at column " + (i + 1)
                        + " (ferry serve runs no shell)");
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }

    private static String printable(char c) {
        return c == '\n' ? "\\n" : c == '\r' ? "\\r" : String.valueOf(c);
    }
}
