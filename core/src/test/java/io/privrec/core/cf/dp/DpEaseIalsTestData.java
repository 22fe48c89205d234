package io.privrec.core.cf.dp;

import io.privrec.core.cf.dp.internal.GramNoise;
import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small data sets and noise doubles for the private-recommender tests. */
final class DpEaseIalsTestData {
  private DpEaseIalsTestData() {}

  /** Users {@code u0…}, items {@code i0…}; row {@code u} holds {@code rows[u]} with weight 1. */
  static InteractionMatrix matrix(int numItems, int[][] rows) {
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.REJECT);
    for (int u = 0; u < rows.length; u++) {
      b.internUser("u" + u);
    }
    for (int i = 0; i < numItems; i++) {
      b.internItem("i" + i);
    }
    for (int u = 0; u < rows.length; u++) {
      for (int item : rows[u]) {
        b.add("u" + u, "i" + item, 1f);
      }
    }
    return b.build();
  }

  /** Random rows of 1 to {@code maxLength} distinct items with popularity skewed to low indices. */
  static int[][] randomRows(long seed, int numUsers, int numItems, int maxLength) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[][] rows = new int[numUsers][];
    for (int u = 0; u < numUsers; u++) {
      int len = 1 + rnd.nextInt(Math.min(maxLength, numItems));
      boolean[] taken = new boolean[numItems];
      rows[u] = new int[len];
      for (int k = 0; k < len; k++) {
        int i;
        do {
          double r = rnd.nextDouble();
          i = (int) (numItems * r * r);
        } while (taken[i]);
        taken[i] = true;
        rows[u][k] = i;
      }
    }
    return rows;
  }

  static InteractionMatrix random(long seed, int numUsers, int numItems, int maxLength) {
    return matrix(numItems, randomRows(seed, numUsers, numItems, maxLength));
  }

  /** {@code m} without user {@code user}'s interactions (the user stays in the index). */
  static InteractionMatrix withoutUser(InteractionMatrix m, int user) {
    return m.filter((u, i, w, t) -> u != user);
  }

  /** A noise double that adds nothing and records the calls it receives. */
  static final class ZeroNoise implements GramNoise {
    final List<String> calls = new ArrayList<>();

    @Override
    public void addAnalytic(double[][] segments, double l2Sensitivity, double epsilon, double delta, long maxTouched) {
      calls.add("analytic " + l2Sensitivity + " " + epsilon + " " + delta + " " + maxTouched);
    }

    @Override
    public void addZcdp(double[][] segments, double l2Sensitivity, double rho, long maxTouched) {
      calls.add("zcdp " + l2Sensitivity + " " + rho + " " + maxTouched);
    }
  }
}
