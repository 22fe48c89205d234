package io.privrec.dp.bounding;

/**
 * The output of {@link ContributionBounder}: the kept records as parallel arrays (in their input
 * order) and a {@link BoundingReport}. Immutable; array accessors return copies.
 */
public final class BoundedContributions {

  private final long[] userIds;
  private final long[] keys;
  private final double[] values;
  private final BoundingReport report;

  BoundedContributions(long[] userIds, long[] keys, double[] values, BoundingReport report) {
    this.userIds = userIds;
    this.keys = keys;
    this.values = values;
    this.report = report;
  }

  /** Number of kept records. */
  public int size() {
    return userIds.length;
  }

  /** The kept records' users. */
  public long[] userIds() {
    return userIds.clone();
  }

  /** The kept records' keys. */
  public long[] keys() {
    return keys.clone();
  }

  /** The kept records' values, clamped. */
  public double[] values() {
    return values.clone();
  }

  /** What was dropped or clamped (not DP: see {@link BoundingReport}). */
  public BoundingReport report() {
    return report;
  }

  /** Returns, for each kept key, the number of distinct users among the kept records. */
  public KeyUserCounts distinctUsersPerKey() {
    int[] order = IndexSort.sortedIndices(keys, userIds);
    long[] outKeys = new long[order.length];
    long[] outCounts = new long[order.length];
    int m = -1;
    for (int p = 0; p < order.length; p++) {
      int i = order[p];
      boolean newKey = p == 0 || keys[order[p - 1]] != keys[i];
      if (newKey) {
        m++;
        outKeys[m] = keys[i];
        outCounts[m] = 1;
      } else if (userIds[order[p - 1]] != userIds[i]) {
        outCounts[m]++;
      }
    }
    return new KeyUserCounts(
        java.util.Arrays.copyOf(outKeys, m + 1), java.util.Arrays.copyOf(outCounts, m + 1));
  }

  @Override
  public String toString() {
    // No sizes or report counts: they describe the raw data and are not differentially private.
    return "BoundedContributions[counts hidden: see report()]";
  }
}
