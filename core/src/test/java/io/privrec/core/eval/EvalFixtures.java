package io.privrec.core.eval;

import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.ModelUpdate;
import java.util.SplittableRandom;

/** Small matrices and scorers shared by the evaluation tests. */
final class EvalFixtures {
  /** The one seed source for randomised fixtures. */
  static final long SEED = 20240611L;

  private EvalFixtures() {}

  /** An untimed matrix from {@code "user item"} pairs, weight 1, ids interned in order. */
  static InteractionMatrix pairs(String... userItem) {
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.REJECT);
    for (String pair : userItem) {
      String[] parts = pair.split(" ");
      b.add(parts[0], parts[1], 1f);
    }
    return b.build();
  }

  /** A timed matrix from {@code "user item epochSecond"} triples, weight 1. */
  static InteractionMatrix timed(String... userItemTime) {
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.REJECT);
    for (String triple : userItemTime) {
      String[] parts = triple.split(" ");
      b.add(parts[0], parts[1], 1f, Long.parseLong(parts[2]));
    }
    return b.build();
  }

  /**
   * A random timed matrix: user {@code u} has between 0 and {@code maxPerUser} distinct items
   * (so some users have 0 or 1), timestamps drawn from a small range so ties occur.
   */
  static InteractionMatrix random(int numUsers, int numItems, int maxPerUser, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.REJECT);
    for (int i = 0; i < numItems; i++) {
      b.internItem("i" + i);
    }
    for (int u = 0; u < numUsers; u++) {
      int user = b.internUser("u" + u);
      int n = random.nextInt(maxPerUser + 1);
      boolean[] taken = new boolean[numItems];
      for (int j = 0; j < n; j++) {
        int item = random.nextInt(numItems);
        if (!taken[item]) {
          taken[item] = true;
          b.addIndexed(user, item, 1f + random.nextInt(5), 1_000_000L + random.nextInt(1000));
        }
      }
    }
    return b.build();
  }

  /** Scores item {@code i} for a profile by a fixed pseudo-random function of the profile with few ties. */
  static ItemScorer hashScorer(IdIndex index, long seed) {
    int numItems = index.size();
    return new ItemScorer() {
      @Override
      public IdIndex items() {
        return index;
      }

      @Override
      public void scoreProfile(int[] items, float[] weights, float[] scores) {
        // Seeded by the profile, so each user's ranking is fixed by her training row.
        SplittableRandom random = new SplittableRandom(seed * 31 + java.util.Arrays.hashCode(items));
        for (int i = 0; i < numItems; i++) {
          // 64 levels: ties happen and exercise the lower-index rule.
          scores[i] = random.nextInt(64);
        }
      }

      /** This double serves the evaluator only, which never erases. */
      @Override
      public ModelUpdate.Result forget(Erasure erasure) {
        throw new UnsupportedOperationException("hashScorer supports scoring only; the evaluator never erases");
      }
    };
  }
}
