package dev.ferry.scheduler.target;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where backups go, as written on the command line and in the config. Three kinds, told apart
 * by their prefix:
 *
 * <ul>
 *   <li>{@code /path}: a directory on a local btrfs; backups are received subvolumes;
 *   <li>{@code file:///path}: a local directory of stream files (any file system);
 *   <li>{@code ssh://[user@]host[:port]/path}: a directory on another machine that runs ferry.
 * </ul>
 *
 * <p>Paths must be absolute, so a cron job does not depend on its working directory.
 * {@link #toString()} is the canonical text, which {@link #parse} reads back.
 */
public sealed interface TargetAddress {

    /** The directory that holds the backups, on whichever machine. */
    Path dir();

    /**
     * Reads a target.
     *
     * @throws IllegalArgumentException with a message that says what is wrong and what is expected
     */
    static TargetAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.startsWith("/")) {
            return new LocalBtrfs(Path.of(text).normalize());
        }
        if (text.startsWith("file:")) {
            return StreamFiles.parse(text);
        }
        if (text.startsWith("ssh:")) {
            return Ssh.parse(text);
        }
        throw new IllegalArgumentException("not a target: '" + text + "' (expected an absolute path, "
                + "file:///path or ssh://[user@]host[:port]/path)");
    }

    /** A directory on a local btrfs file system: each backup is a read-only received subvolume. */
    record LocalBtrfs(Path dir) implements TargetAddress {
        public LocalBtrfs {
            dir = requireAbsolute(dir, "a local target");
        }

        @Override
        public String toString() {
            return dir.toString();
        }
    }

    /** A local directory of send stream files, one full or incremental stream per backup. */
    record StreamFiles(Path dir) implements TargetAddress {
        public StreamFiles {
            dir = requireAbsolute(dir, "a file: target");
        }

        static StreamFiles parse(String text) {
            URI uri = uri(text, "file:///path");
            if (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()) {
                throw new IllegalArgumentException("not a file: target: '" + text
                        + "' (file: targets are local; write file:///path, with three slashes)");
            }
            if (uri.getPath() == null || !uri.getPath().startsWith("/")) {
                throw new IllegalArgumentException("not a file: target: '" + text + "' (expected file:///path)");
            }
            return new StreamFiles(Path.of(uri.getPath()));
        }

        @Override
        public String toString() {
            return "file://" + dir;
        }
    }

    /**
     * A directory on a remote host reached by ssh, where {@code ferry} runs to list, receive
     * and delete backups (see {@link SshTarget}).
     */
    record Ssh(Optional<String> user, String host, OptionalInt port, Path dir) implements TargetAddress {
        public Ssh {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(port, "port");
            if (host.isEmpty()) {
                throw new IllegalArgumentException("an ssh target needs a host");
            }
            dir = requireAbsolute(dir, "an ssh target");
        }

        static Ssh parse(String text) {
            URI uri = uri(text, "ssh://[user@]host[:port]/path");
            if (uri.getHost() == null || uri.getPath() == null || !uri.getPath().startsWith("/")
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException("not an ssh target: '" + text
                        + "' (expected ssh://[user@]host[:port]/path)");
            }
            Optional<String> user = Optional.ofNullable(uri.getUserInfo());
            OptionalInt port = uri.getPort() < 0 ? OptionalInt.empty() : OptionalInt.of(uri.getPort());
            return new Ssh(user, uri.getHost(), port, Path.of(uri.getPath()));
        }

        /** {@code user@host} or {@code host}, as ssh takes it (the port goes to {@code -p}). */
        public String destination() {
            return user.map(u -> u + "@" + host).orElse(host);
        }

        @Override
        public String toString() {
            return "ssh://" + destination() + (port.isPresent() ? ":" + port.getAsInt() : "") + dir;
        }
    }

    private static URI uri(String text, String expected) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a target: '" + text + "' (expected " + expected + "): "
                    + e.getReason(), e);
        }
    }

    private static Path requireAbsolute(Path dir, String what) {
        Objects.requireNonNull(dir, "dir");
        if (!dir.isAbsolute()) {
            throw new IllegalArgumentException(what + " needs an absolute path, not '" + dir + "'");
        }
        return dir.normalize();
    }
}
