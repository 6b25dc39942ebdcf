package dev.ferry.scheduler.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code ferry serve} lets a client do: the allowed operations, beneath one root directory.
 * A request is the client's command line ({@code SSH_ORIGINAL_COMMAND}) as ferry writes it,
 * {@code <remote ferry command> target ACTION ARGS...}; whatever comes before {@code target} is
 * the client's idea of how to run ferry here and is ignored (serve runs itself).
 *
 * @param allowed the operations granted
 * @param root    the only directory tree the client's paths may name, as configured (absolute)
 */
public record ServePolicy(Set<Operation> allowed, Path root) {
    public ServePolicy {
        allowed = Set.copyOf(allowed);
        Objects.requireNonNull(root, "root");
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("--root must be an absolute path, not '" + root + "'");
        }
        root = root.normalize();
    }

    /** A request that passed the operation check: what to run, as {@code ferry target ACTION ARGS}. */
    public record Request(Operation operation, String action, List<String> arguments) {
        public Request {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(action, "action");
            arguments = List.copyOf(arguments);
        }

        /** The command line for ferry itself: {@code target ACTION ARGS...}. */
        public List<String> targetCommand() {
            return java.util.stream.Stream.concat(java.util.stream.Stream.of("target", action), arguments.stream())
                    .toList();
        }

        @Override
        public String toString() {
            return String.join(" ", targetCommand());
        }
    }

    /**
     * Reads the client's command line and checks its operation.
     *
     * @throws Refused when it is not a ferry target command or its operation is not allowed
     */
    public Request request(String originalCommand) throws Refused {
        if (originalCommand == null || originalCommand.isBlank()) {
            throw new Refused("no command (ferry serve runs as an ssh forced command; a login shell is not offered)");
        }
        List<String> words;
        try {
            words = CommandWords.split(originalCommand);
        } catch (IllegalArgumentException e) {
            throw new Refused("unreadable command: " + e.getMessage());
        }
        int target = words.indexOf("target");
        if (target < 0 || target + 1 >= words.size()) {
            throw new Refused("not a ferry target command: " + abbreviate(originalCommand));
        }
        String action = words.get(target + 1);
        Operation operation = Operation.ofAction(action).orElseThrow(
                () -> new Refused("unknown action 'target " + action + "'"));
        if (!allowed.contains(operation)) {
            throw new Refused(operation.word() + " is not allowed (allowed: " + allowedWords() + ")");
        }
        return new Request(operation, action, words.subList(target + 2, words.size()));
    }

    /**
     * Checks that {@code path}, a path the client named, stays beneath the root: absolute, no
     * {@code ..}, lexically beneath the root, and beneath the root's real path once every symlink
     * on the part that exists is resolved (so a symlink inside the root cannot lead out of it).
     *
     * @throws Refused saying which path and why
     */
    public void requireBeneathRoot(Path path) throws Refused {
        if (!path.isAbsolute()) {
            throw new Refused(path + " is not an absolute path");
        }
        for (Path name : path) {
            if (name.toString().equals("..")) {
                throw new Refused(path + ": '..' is not allowed");
            }
        }
        Path normal = path.normalize();
        if (!normal.startsWith(root)) {
            throw new Refused(path + " is outside " + root);
        }
        try {
            Path realRoot = root.toRealPath();
            if (!realPath(normal).startsWith(realRoot)) {
                throw new Refused(path + " leads outside " + root + " through a symlink");
            }
        } catch (IOException e) {
            throw new Refused("cannot resolve " + path + ": " + e.getMessage());
        }
    }

    /** The real path of the longest existing prefix of {@code path}, with the rest appended. */
    private static Path realPath(Path path) throws IOException {
        Path existing = path;
        Path rest = path.getFileSystem().getPath("");
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            rest = existing.getFileName().resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        return existing.toRealPath().resolve(rest);
    }

    public String allowedWords() {
        return String.join(",", java.util.Arrays.stream(Operation.values()).filter(allowed::contains)
                .map(Operation::word).toList());
    }

    private static String abbreviate(String text) {
        String line = text.strip();
        return line.length() <= 120 ? line : line.substring(0, 120) + "...";
    }

    /** A request ferry serve will not run; the message says why. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }
}
