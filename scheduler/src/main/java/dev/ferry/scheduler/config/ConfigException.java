package dev.ferry.scheduler.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A config file that cannot be used. The message names the file, the line and column when
 * known, and the field as a path ({@code volumes[1].targets[0].keep}), then what is wrong:
 * {@code /etc/ferry.yaml:12:15: volumes[1].targets[0].keep: unknown unit 'x' at column 5}.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Path file;
    private final int line;
    private final String field;

    /**
     * @param line  1-based, or 0 when unknown
     * @param field the field's path, or "" for the whole file
     */
    public ConfigException(Path file, int line, int column, String field, String problem, Throwable cause) {
        super(format(file, line, column, field, problem), cause);
        this.file = Objects.requireNonNull(file, "file");
        this.line = line;
        this.field = Objects.requireNonNull(field, "field");
    }

    private static String format(Path file, int line, int column, String field, String problem) {
        StringBuilder s = new StringBuilder().append(file);
        if (line > 0) {
            s.append(':').append(line);
            if (column > 0) {
                s.append(':').append(column);
            }
        }
        s.append(": ");
        if (!field.isEmpty()) {
            s.append(field).append(": ");
        }
        return s.append(problem).toString();
    }

    public Path file() {
        return file;
    }

    /** 1-based, 0 when unknown. */
    public int line() {
        return line;
    }

    public String field() {
        return field;
    }
}
