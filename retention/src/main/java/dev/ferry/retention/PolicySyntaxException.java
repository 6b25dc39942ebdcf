package dev.ferry.retention;

/**
 * A retention policy that does not parse. The message names the policy, what is wrong, the
 * offending token and its column (1-based):
 * {@code retention policy 'min 2x, 24h': unknown unit 'x' at column 6}.
 */
public final class PolicySyntaxException extends IllegalArgumentException {
    private final String policy;
    private final String problem;
    private final int column;

    PolicySyntaxException(String policy, String problem, int column) {
        super("retention policy '" + policy + "': " + problem + " at column " + column);
        this.policy = policy;
        this.problem = problem;
        this.column = column;
    }

    /** The text that failed to parse. */
    public String policy() {
        return policy;
    }

    /** What is wrong, without the policy and column: {@code unknown unit 'x'}. */
    public String problem() {
        return problem;
    }

    /** The 1-based column of the offending character. */
    public int column() {
        return column;
    }
}
