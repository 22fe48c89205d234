package io.privrec.core.store;

import io.privrec.core.internal.CorePreconditions;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * Walker's alias method: O(1) sampling of an index with probability proportional to a weight
 * (Vose, "A linear algorithm for generating random numbers with a given distribution", IEEE TSE
 * 1991). Immutable; sampling is thread-safe given a per-thread generator.
 */
final class AliasTable {
  private final double[] probability;
  private final int[] alias;

  private AliasTable(double[] probability, int[] alias) {
    this.probability = probability;
    this.alias = alias;
  }

  /**
   * Builds the table.
   *
   * @throws IllegalArgumentException if {@code weights} is empty, has a negative or non-finite
   *     weight, or sums to zero
   */
  static AliasTable of(double[] weights) {
    CorePreconditions.checkNotEmpty("weights", weights);
    CorePreconditions.checkNonNegativeElements("weights", weights);
    int n = weights.length;
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    CorePreconditions.checkArgument(sum > 0, "weights must not all be zero");
    double[] scaled = new double[n];
    ArrayDeque<Integer> small = new ArrayDeque<>();
    ArrayDeque<Integer> large = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      scaled[i] = weights[i] * n / sum;
      (scaled[i] < 1 ? small : large).add(i);
    }
    double[] probability = new double[n];
    int[] alias = new int[n];
    while (!small.isEmpty() && !large.isEmpty()) {
      int s = small.poll();
      int l = large.poll();
      probability[s] = scaled[s];
      alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).add(l);
    }
    // Left-overs are 1 up to rounding.
    for (Integer i : large) {
      probability[i] = 1;
      alias[i] = i;
    }
    for (Integer i : small) {
      probability[i] = 1;
      alias[i] = i;
    }
    return new AliasTable(probability, alias);
  }

  /** Number of outcomes. */
  int size() {
    return alias.length;
  }

  /** Draws an index in {@code [0, size())}. */
  int sample(SplittableRandom random) {
    int i = random.nextInt(alias.length);
    return random.nextDouble() < probability[i] ? i : alias[i];
  }
}
