package io.privrec.core.cf;

import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Erasure;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Small interaction matrices for the collaborative-filtering tests. */
final class CfTestData {
  private CfTestData() {}

  /**
   * Users {@code u0…} and items {@code i0…i(numItems-1)} with dense indices equal to their
   * numbers; row {@code u} holds items {@code rows[u]} with weights {@code weights[u]} (or 1).
   */
  static InteractionMatrix matrix(int numItems, int[][] rows, float[][] weights) {
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.REJECT);
    for (int u = 0; u < rows.length; u++) {
      b.internUser("u" + u);
    }
    for (int i = 0; i < numItems; i++) {
      b.internItem("i" + i);
    }
    for (int u = 0; u < rows.length; u++) {
      for (int k = 0; k < rows[u].length; k++) {
        b.add("u" + u, "i" + rows[u][k], weights == null ? 1f : weights[u][k]);
      }
    }
    return b.build();
  }

  static InteractionMatrix matrix(int numItems, int[][] rows) {
    return matrix(numItems, rows, null);
  }

  /**
   * Random data with skewed item popularity: {@code numUsers} users with 1 to {@code maxLength}
   * items each; weights are integer ratings 1-5, or uniform in (0.5, 5) when {@code fractional}.
   */
  static InteractionMatrix random(long seed, int numUsers, int numItems, int maxLength, boolean fractional) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[][] rows = new int[numUsers][];
    float[][] weights = new float[numUsers][];
    for (int u = 0; u < numUsers; u++) {
      int len = 1 + rnd.nextInt(maxLength);
      boolean[] taken = new boolean[numItems];
      rows[u] = new int[len];
      weights[u] = new float[len];
      for (int k = 0; k < len; k++) {
        int i;
        do {
          double r = rnd.nextDouble();
          i = (int) (numItems * r * r); // popularity skew towards low indices
        } while (taken[i]);
        taken[i] = true;
        rows[u][k] = i;
        weights[u][k] = fractional ? (float) (0.5 + 4.5 * rnd.nextDouble()) : 1 + rnd.nextInt(5);
      }
    }
    return matrix(numItems, rows, weights);
  }

  /** {@code m} with user {@code user}'s row emptied (the user stays in the index). */
  static InteractionMatrix withoutUser(InteractionMatrix m, int user) {
    return m.filter((u, i, w, t) -> u != user);
  }

  /**
   * The erasure of {@code users} (any order, distinct) from {@code m}: {@code after} is {@code m}
   * with their rows emptied (users and items keep their indices).
   */
  static Erasure erasure(InteractionMatrix m, int... users) {
    int[] sorted = users.clone();
    Arrays.sort(sorted);
    boolean[] gone = new boolean[m.numUsers()];
    for (int u : sorted) {
      gone[u] = true;
    }
    return new Erasure(m, m.filter((u, i, w, t) -> !gone[u]), sorted);
  }
}
