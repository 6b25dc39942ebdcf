package dev.ferry.retention;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The parser behind {@link Policy#parse}: a token list and a cursor, one method per clause. */
final class PolicyParser {
    private static final String UNITS = "h, d, w, m or y";

    /** A word or a comma, at its 0-based offset in the text. */
    private record Token(String text, int offset) {
        boolean isComma() {
            return text.equals(",");
        }

        int column() {
            return offset + 1;
        }
    }

    private final String text;
    private final List<Token> tokens;
    private int next;

    private Minimum minimum;
    private Token minimumToken;
    private int latest;
    private Token latestToken;
    private final Map<Cadence, Token> periodTokens = new EnumMap<>(Cadence.class);
    private final List<PeriodRule> periods = new ArrayList<>();

    PolicyParser(String text) {
        this.text = text == null ? "" : text;
        this.tokens = tokenize(this.text);
    }

    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == ',') {
                tokens.add(new Token(",", i++));
            } else {
                int start = i;
                while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != ',') {
                    i++;
                }
                tokens.add(new Token(text.substring(start, i), start));
            }
        }
        return tokens;
    }

    Policy parse() {
        if (tokens.isEmpty()) {
            return Policy.KEEP_ALL;
        }
        if (tokens.size() == 1 && tokens.get(0).text().equals("all")) {
            return Policy.KEEP_ALL;
        }
        while (hasNext()) {
            clause();
            if (hasNext()) {
                optionalCommaBeforeClause();
            }
        }
        return new Policy(minimum == null ? Minimum.LATEST : minimum, latest, periods);
    }

    /** Commas between clauses are optional; one may not lead, trail or repeat. */
    private void optionalCommaBeforeClause() {
        if (!peek().isComma()) {
            return;
        }
        Token comma = take();
        if (!hasNext()) {
            throw error("trailing ','", comma);
        }
        if (peek().isComma()) {
            throw error("unexpected ','", peek());
        }
    }

    private void clause() {
        Token token = take();
        switch (token.text()) {
            case "," -> throw error("unexpected ','", token);
            case "min" -> minimumClause(token);
            case "latest" -> latestClause(token);
            case "all" -> throw error("'all' keeps everything and stands alone (did you mean 'min all'?)", token);
            default -> periodRule(token);
        }
    }

    private void minimumClause(Token keyword) {
        if (minimumToken != null) {
            throw error("second 'min' (the first is at column " + minimumToken.column() + ")", keyword);
        }
        minimumToken = keyword;
        Token value = operand(keyword, "an age like '2d', or 'all', 'latest' or 'none'");
        minimum = switch (value.text()) {
            case "all" -> Minimum.ALL;
            case "latest" -> Minimum.LATEST;
            case "none", "no" -> Minimum.NONE;
            default -> {
                if (value.text().startsWith("*")) {
                    throw error("a minimum age needs a number, not '*'", value);
                }
                if (!isAsciiDigit(value.text().charAt(0))) {
                    throw error("'min' needs an age like '2d', or 'all', 'latest' or 'none', not '"
                            + value.text() + "'", value);
                }
                PeriodRule age = countAndUnit(value);
                yield new Minimum.Age(age.count(), age.cadence());
            }
        };
    }

    private void latestClause(Token keyword) {
        if (latestToken != null) {
            throw error("second 'latest' (the first is at column " + latestToken.column() + ")", keyword);
        }
        latestToken = keyword;
        Token value = operand(keyword, "a count like 'latest 3'");
        if (!isDigits(value.text())) {
            throw error("'latest' needs a count like 'latest 3', not '" + value.text() + "'", value);
        }
        latest = positiveCount(value, value.text());
    }

    private void periodRule(Token token) {
        PeriodRule rule = countAndUnit(token);
        Token earlier = periodTokens.putIfAbsent(rule.cadence(), token);
        if (earlier != null) {
            throw error("second " + rule.cadence().adjective() + " count '" + token.text()
                    + "' (already '" + earlier.text() + "')", token);
        }
        periods.add(rule);
    }

    /** {@code 24h}, {@code *d} (only where {@code *} is allowed, checked by the caller). */
    private PeriodRule countAndUnit(Token token) {
        String word = token.text();
        int digitsEnd = 0;
        while (digitsEnd < word.length() && isAsciiDigit(word.charAt(digitsEnd))) {
            digitsEnd++;
        }
        boolean star = digitsEnd == 0 && word.startsWith("*");
        int countEnd = star ? 1 : digitsEnd;
        if (countEnd == 0) {
            throw error("unexpected '" + word + "'; expected 'min', 'latest' or a period like '24h', '14d' or '*m'",
                    token);
        }
        String unit = word.substring(countEnd);
        if (unit.isEmpty()) {
            throw error("'" + word + "' needs a unit (" + UNITS + ")", token);
        }
        Optional<Cadence> cadence = unit.length() == 1 ? Cadence.ofUnit(unit.charAt(0)) : Optional.empty();
        if (cadence.isEmpty()) {
            throw error("unknown unit '" + unit + "' (expected " + UNITS + ")", token, countEnd);
        }
        if (star) {
            return PeriodRule.unlimited(cadence.get());
        }
        return new PeriodRule(cadence.get(), positiveCount(token, word.substring(0, countEnd)));
    }

    private int positiveCount(Token token, String digits) {
        int count;
        try {
            count = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw error("count '" + digits + "' is too large", token);
        }
        if (count < 1 || count == PeriodRule.UNLIMITED) {
            throw error(count < 1 ? "count must be at least 1 in '" + token.text() + "'"
                    : "count '" + digits + "' is too large (use '*' for all)", token);
        }
        return count;
    }

    /** The word after {@code min} or {@code latest}. */
    private Token operand(Token keyword, String expected) {
        if (!hasNext()) {
            throw error("'" + keyword.text() + "' needs " + expected, keyword, keyword.text().length());
        }
        Token value = take();
        if (value.isComma()) {
            throw error("'" + keyword.text() + "' needs " + expected + ", found ','", value);
        }
        return value;
    }

    private static boolean isDigits(String word) {
        return !word.isEmpty() && word.chars().allMatch(c -> isAsciiDigit((char) c));
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private boolean hasNext() {
        return next < tokens.size();
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        return tokens.get(next++);
    }

    private PolicySyntaxException error(String problem, Token token) {
        return error(problem, token, 0);
    }

    /** An error pointing {@code shift} characters into {@code token}. */
    private PolicySyntaxException error(String problem, Token token, int shift) {
        return new PolicySyntaxException(text, problem, token.column() + shift);
    }
}
