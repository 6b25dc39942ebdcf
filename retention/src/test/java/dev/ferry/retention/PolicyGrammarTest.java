package dev.ferry.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyGrammarTest {

    @ParameterizedTest(name = "''{0}'' is ''{1}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""                                   | all
            all                                  | all
            "  "                                 | all
            min all                              | all
            min all, 24h                         | min all, 24h
            min 2d, 24h 14d 8w 12m 5y            | min 2d, 24h 14d 8w 12m 5y
            5y 12m 8w 14d 24h, min 2d            | min 2d, 24h 14d 8w 12m 5y
            min 2d 24h,14d                       | min 2d, 24h 14d
            7d 4w *m                             | 7d 4w *m
            latest 3                             | latest 3
            24h, latest 3, min none              | min none, latest 3, 24h
            min latest                           | min latest
            min latest, 7d                       | 7d
            min no, 7d                           | min none, 7d
            min none                             | min none
            min 36h, *y                          | min 36h, *y
            min 1m                               | min 1m
            "  min   2d ,  latest 1 , *h   "     | min 2d, latest 1, *h
            """)
    void parsesToCanonicalText(String text, String canonical) {
        Policy policy = Policy.parse(text);
        assertEquals(canonical, policy.toString());
        assertEquals(policy, Policy.parse(canonical));
    }

    @Test
    void parsesIntoStructure() {
        Policy policy = Policy.parse("min 2d, latest 3, 24h *y");
        assertEquals(new Minimum.Age(2, Cadence.DAILY), policy.minimum());
        assertEquals(3, policy.latest());
        assertEquals(List.of(new PeriodRule(Cadence.HOURLY, 24), PeriodRule.unlimited(Cadence.YEARLY)),
                policy.periods());
        assertEquals(Policy.KEEP_ALL, Policy.parse(null));
    }

    @Test
    void everyPolicyRoundTripsThroughItsText() {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            Policy policy = Generators.policy(random);
            assertEquals(policy, Policy.parse(policy.toString()), policy.toString());
        }
    }

    @Test
    void clauseOrderAndSeparatorsDoNotMatter() {
        List<String> clauses = new ArrayList<>(List.of("min 2d", "latest 3", "24h", "14d", "8w", "*m"));
        Policy expected = Policy.parse(String.join(", ", clauses));
        Random random = new Random(11);
        for (int i = 0; i < 50; i++) {
            Collections.shuffle(clauses, random);
            assertEquals(expected, Policy.parse(String.join(random.nextBoolean() ? " " : ",", clauses)));
        }
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            min 2x, 24h         | unknown unit 'x' (expected h, d, w, m or y) at column 6
            24h 14              | '14' needs a unit (h, d, w, m or y) at column 5
            24hours             | unknown unit 'hours' (expected h, d, w, m or y) at column 3
            24H                 | unknown unit 'H' (expected h, d, w, m or y) at column 3
            0d                  | count must be at least 1 in '0d' at column 1
            99999999999d        | count '99999999999' is too large at column 1
            2147483647d         | count '2147483647' is too large (use '*' for all) at column 1
            24h 48h             | second hourly count '48h' (already '24h') at column 5
            daily               | unexpected 'daily'; expected 'min', 'latest' or a period like '24h', '14d' or '*m' at column 1
            -3d                 | unexpected '-3d'; expected 'min', 'latest' or a period like '24h', '14d' or '*m' at column 1
            *                   | '*' needs a unit (h, d, w, m or y) at column 1
            min                 | 'min' needs an age like '2d', or 'all', 'latest' or 'none' at column 4
            "min, 2d"           | 'min' needs an age like '2d', or 'all', 'latest' or 'none', found ',' at column 4
            min *d              | a minimum age needs a number, not '*' at column 5
            min 0h              | count must be at least 1 in '0h' at column 5
            min soon            | 'min' needs an age like '2d', or 'all', 'latest' or 'none', not 'soon' at column 5
            min 2d, min 3d      | second 'min' (the first is at column 1) at column 9
            latest              | 'latest' needs a count like 'latest 3' at column 7
            latest 0            | count must be at least 1 in '0' at column 8
            latest 3d           | 'latest' needs a count like 'latest 3', not '3d' at column 8
            latest 1, latest 2  | second 'latest' (the first is at column 1) at column 11
            "24h,"              | trailing ',' at column 4
            ", 24h"             | unexpected ',' at column 1
            "24h,, 7d"          | unexpected ',' at column 5
            all 24h             | 'all' keeps everything and stands alone (did you mean 'min all'?) at column 1
            24h all             | 'all' keeps everything and stands alone (did you mean 'min all'?) at column 5
            """)
    void rejectsWithTheTokenAndItsColumn(String text, String expected) {
        PolicySyntaxException e = assertThrows(PolicySyntaxException.class, () -> Policy.parse(text));
        assertEquals("retention policy '" + text + "': " + expected, e.getMessage());
        assertEquals(text, e.policy());
    }

    @Test
    void theExampleFromTheBrief() {
        PolicySyntaxException e = assertThrows(PolicySyntaxException.class, () -> Policy.parse("min 2x, 24h"));
        assertEquals("unknown unit 'x' (expected h, d, w, m or y)", e.problem());
        assertEquals(6, e.column(), "'x' is the sixth character");
    }

    @Test
    void recordsRejectWhatTheGrammarCannotSay() {
        assertThrows(IllegalArgumentException.class, () -> new PeriodRule(Cadence.DAILY, 0));
        assertThrows(IllegalArgumentException.class, () -> new Minimum.Age(0, Cadence.DAILY));
        assertThrows(IllegalArgumentException.class, () -> new Policy(Minimum.LATEST, -1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Policy(Minimum.LATEST, 0,
                List.of(new PeriodRule(Cadence.DAILY, 1), new PeriodRule(Cadence.DAILY, 2))));
    }
}
