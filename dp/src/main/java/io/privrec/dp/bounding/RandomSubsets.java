package io.privrec.dp.bounding;

import io.privrec.dp.random.RandomSource;

/** Uniform random subsets by a partial Fisher–Yates shuffle (Knuth, TAOCP vol. 2, Alg. 3.4.2P). */
final class RandomSubsets {

  private RandomSubsets() {}

  /**
   * Permutes {@code a[from, to)} so that {@code a[from, from + k)} is a uniformly random k-subset
   * of the range (in uniformly random order). Uses at most k calls of {@link
   * RandomSource#nextInt(int)}, which is unbiased.
   */
  static void selectPrefix(int[] a, int from, int to, int k, RandomSource random) {
    int n = to - from;
    for (int i = 0; i < k && i < n - 1; i++) {
      int j = from + i + random.nextInt(n - i);
      int t = a[from + i];
      a[from + i] = a[j];
      a[j] = t;
    }
  }
}
