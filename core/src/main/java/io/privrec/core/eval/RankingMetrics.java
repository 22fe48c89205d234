package io.privrec.core.eval;

/**
 * Per-user metric values for one ranked list (definitions in {@link Metric}). The value layout
 * is {@code [metric m of the six cutoff metrics before MRR][cutoff c]} at {@code m·C + c}, then
 * MRR at {@code 6·C}; coverage is global and computed by {@link Evaluator}. Stateless.
 */
final class RankingMetrics {
  /** Number of per-user cutoff metrics (precision … hitrate). */
  static final int PER_CUTOFF = 6;

  private RankingMetrics() {}

  /** Number of per-user values for {@code numCutoffs} cutoffs. */
  static int valueCount(int numCutoffs) {
    return PER_CUTOFF * numCutoffs + 1;
  }

  /**
   * Writes the per-user values into {@code out} (layout above).
   *
   * @param ranked the user's top items, best first, length at most the largest cutoff
   * @param relevant marks the user's test items (indexed by item)
   * @param numRelevant {@code |T| >= 1}
   * @param cutoffs distinct cutoffs in increasing order
   * @param reciprocalRank the user's reciprocal rank over the full ranking
   */
  static void compute(int[] ranked, boolean[] relevant, int numRelevant, int[] cutoffs, double reciprocalRank, double[] out) {
    int nc = cutoffs.length;
    int hits = 0;
    double dcg = 0;
    double precisionSum = 0;
    int c = 0;
    for (int r = 1; r <= ranked.length && c < nc; r++) {
      if (relevant[ranked[r - 1]]) {
        hits++;
        dcg += discount(r);
        precisionSum += (double) hits / r;
      }
      while (c < nc && cutoffs[c] == r) {
        write(c, nc, cutoffs[c], hits, dcg, precisionSum, numRelevant, out);
        c++;
      }
    }
    // Cutoffs beyond the list: the remaining ranks are misses.
    for (; c < nc; c++) {
      write(c, nc, cutoffs[c], hits, dcg, precisionSum, numRelevant, out);
    }
    out[PER_CUTOFF * nc] = reciprocalRank;
  }

  private static void write(int c, int nc, int k, int hits, double dcg, double precisionSum, int numRelevant, double[] out) {
    int best = Math.min(k, numRelevant);
    out[c] = (double) hits / k;
    out[nc + c] = (double) hits / numRelevant;
    out[2 * nc + c] = (double) hits / best;
    out[3 * nc + c] = dcg / idealDcg(best);
    out[4 * nc + c] = precisionSum / best;
    out[5 * nc + c] = hits > 0 ? 1 : 0;
  }

  /** {@code 1 / log2(rank + 1)}. */
  static double discount(int rank) {
    return 1.0 / (Math.log(rank + 1) / Math.log(2));
  }

  /** {@code Σ_{r=1..n} 1 / log2(r + 1)}. */
  static double idealDcg(int n) {
    double sum = 0;
    for (int r = 1; r <= n; r++) {
      sum += discount(r);
    }
    return sum;
  }

  /**
   * The reciprocal rank of the best-ranked test item over the full ranking of selectable items
   * (score neither NaN nor −∞), with equal scores ordered by lower index; 0 if no test item is
   * selectable.
   *
   * @param scores the user's scores with training items already set to −∞
   * @param testItems the user's test items
   * @param ranked the user's top list (from {@link io.privrec.core.scoring.TopK}) with {@code
   *     ranked.length} < {@code requested} only if every selectable item is in it
   * @param relevant marks {@code testItems}
   */
  static double reciprocalRank(float[] scores, int[] testItems, int[] ranked, boolean[] relevant) {
    for (int r = 0; r < ranked.length; r++) {
      if (relevant[ranked[r]]) {
        return 1.0 / (r + 1);
      }
    }
    int best = -1;
    for (int t : testItems) {
      if (scores[t] > Float.NEGATIVE_INFINITY && (best < 0 || better(scores, t, best))) {
        best = t;
      }
    }
    if (best < 0) {
      return 0;
    }
    long ahead = 0;
    for (int j = 0; j < scores.length; j++) {
      if (scores[j] > Float.NEGATIVE_INFINITY && better(scores, j, best)) {
        ahead++;
      }
    }
    return 1.0 / (ahead + 1);
  }

  /** The order of {@link io.privrec.core.scoring.TopK}: higher score, then lower index. */
  private static boolean better(float[] scores, int a, int b) {
    float sa = scores[a];
    float sb = scores[b];
    return sa > sb || (sa == sb && a < b);
  }
}
