package dev.ferry.retention;

import java.util.Random;

/**
 * Runs a property over seeded random cases. Case i uses seed {@code base + i}; a failure names its
 * seed and how to rerun just that case: {@code -Dretention.seed=<seed> -Dretention.cases=1}.
 */
final class Cases {
    private static final long BASE_SEED = Long.getLong("retention.seed", 20261121L);
    private static final Integer CASES = Integer.getInteger("retention.cases");

    interface Body {
        void run(Random random) throws Exception;
    }

    private Cases() {
    }

    static void forEach(int cases, Body body) {
        int count = CASES != null ? CASES : cases;
        for (int i = 0; i < count; i++) {
            long seed = BASE_SEED + i;
            try {
                body.run(new Random(seed));
            } catch (Throwable failure) {
                throw new AssertionError("case with seed " + seed + " failed (rerun it alone with -Dretention.seed="
                        + seed + " -Dretention.cases=1): " + failure.getMessage(), failure);
            }
        }
    }
}
