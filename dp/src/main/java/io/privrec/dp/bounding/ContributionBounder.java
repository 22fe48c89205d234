package io.privrec.dp.bounding;

import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;
import java.util.List;

/**
 * Bounds each user's contributions so that DP mechanisms can be calibrated to known
 * sensitivities: per user at most {@code maxPartitionsContributed} distinct keys (L0), per user and
 * key at most {@code maxContributionsPerPartition} records, and every value clamped into {@code
 * [lower, upper]} (L∞).
 *
 * <p>Selection is uniform: a user with more keys than allowed keeps a uniformly random subset of
 * {@code maxPartitionsContributed} of their distinct keys, and a (user, key) pair with too many
 * records keeps a uniformly random subset of {@code maxContributionsPerPartition} of them, both by
 * partial Fisher–Yates shuffles drawing from the bounder's {@link RandomSource} ({@link
 * RandomSources#secure()} by default). Choices for one user depend only on that user's records, so
 * the bounded data of the other users is the same whether or not a user is present: the privacy
 * unit stays one user and all their data, and after bounding a user changes at most L0 keys, each
 * by at most {@code maxContributionsPerPartition} records with values in {@code [lower, upper]}
 * (Wilson et al. 2020, "Differentially private SQL with bounded user contribution", Sec. 3).
 *
 * <p>Example:
 *
 * <pre>{@code
 * ContributionBounder bounder = ContributionBounder.builder()
 *     .maxPartitionsContributed(10)
 *     .maxContributionsPerPartition(1)
 *     .valueBounds(0, 500)
 *     .build();
 * BoundedContributions bounded = bounder.bound(userIds, itemIds, prices);
 * }</pre>
 *
 * <p>Input: NaN or ±∞ values, arrays of different lengths and null arguments are rejected. Without
 * {@link Builder#valueBounds} values are kept as they are (finite values only). Immutable;
 * thread-safe if its random source is (the default is).
 */
public final class ContributionBounder {

  private final int maxPartitionsContributed;
  private final int maxContributionsPerPartition;
  private final boolean clamp;
  private final double lower;
  private final double upper;
  private final RandomSource random;

  private ContributionBounder(Builder b) {
    this.maxPartitionsContributed = b.maxPartitionsContributed;
    this.maxContributionsPerPartition = b.maxContributionsPerPartition;
    this.clamp = b.clamp;
    this.lower = b.lower;
    this.upper = b.upper;
    this.random = b.random;
  }

  /** Returns a builder; {@link Builder#maxPartitionsContributed(int)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The L0 bound: keys kept per user. */
  public int maxPartitionsContributed() {
    return maxPartitionsContributed;
  }

  /** Records kept per user and key. */
  public int maxContributionsPerPartition() {
    return maxContributionsPerPartition;
  }

  /**
   * Bounds the records given as parallel arrays ({@code userIds[i]}, {@code keys[i]}, {@code
   * values[i]}). Kept records stay in input order.
   *
   * @throws NullPointerException if an array is null
   * @throws IllegalArgumentException if the arrays differ in length or a value is not finite
   */
  public BoundedContributions bound(long[] userIds, long[] keys, double[] values) {
    DpPreconditions.checkNotNull(userIds, "userIds");
    DpPreconditions.checkNotNull(keys, "keys");
    DpPreconditions.checkNotNull(values, "values");
    int n = userIds.length;
    if (keys.length != n || values.length != n) {
      throw new IllegalArgumentException(
          // Lengths not stated: they count the contributions (private).
          "userIds, keys and values must have equal lengths, but "
              + (keys.length != n ? "keys" : "values") + " differs from userIds");
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "values[" + i + "] must be finite. Provided value: " + values[i]);
      }
    }
    int[] order = IndexSort.sortedIndices(userIds, keys);
    boolean[] keep = new boolean[n];
    int[] groupStarts = new int[16];
    long droppedByPartition = 0;
    long droppedByContribution = 0;
    long usersOver = 0;
    int pos = 0;
    while (pos < n) {
      long user = userIds[order[pos]];
      int userEnd = pos;
      int groups = 0;
      while (userEnd < n && userIds[order[userEnd]] == user) {
        if (userEnd == pos || keys[order[userEnd]] != keys[order[userEnd - 1]]) {
          if (groups + 1 >= groupStarts.length) {
            groupStarts = java.util.Arrays.copyOf(groupStarts, groupStarts.length * 2);
          }
          groupStarts[groups++] = userEnd;
        }
        userEnd++;
      }
      groupStarts[groups] = userEnd;
      int[] groupIds = new int[groups];
      for (int g = 0; g < groups; g++) {
        groupIds[g] = g;
      }
      int keptGroups = Math.min(groups, maxPartitionsContributed);
      if (groups > maxPartitionsContributed) {
        usersOver++;
        RandomSubsets.selectPrefix(groupIds, 0, groups, keptGroups, random);
        for (int g = keptGroups; g < groups; g++) {
          droppedByPartition += groupStarts[groupIds[g] + 1] - groupStarts[groupIds[g]];
        }
      }
      for (int g = 0; g < keptGroups; g++) {
        int start = groupStarts[groupIds[g]];
        int end = groupStarts[groupIds[g] + 1];
        int count = end - start;
        int kept = Math.min(count, maxContributionsPerPartition);
        if (count > kept) {
          RandomSubsets.selectPrefix(order, start, end, kept, random);
          droppedByContribution += count - kept;
        }
        for (int p = start; p < start + kept; p++) {
          keep[order[p]] = true;
        }
      }
      pos = userEnd;
    }
    return collect(userIds, keys, values, keep, droppedByPartition, droppedByContribution, usersOver);
  }

  /**
   * Bounds the records in {@code contributions}; equivalent to the array form.
   *
   * @throws NullPointerException if the list or an element is null
   * @throws IllegalArgumentException if a value is not finite
   */
  public BoundedContributions bound(List<Contribution> contributions) {
    DpPreconditions.checkNotNull(contributions, "contributions");
    int n = contributions.size();
    long[] users = new long[n];
    long[] keys = new long[n];
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      Contribution c = contributions.get(i);
      if (c == null) {
        throw new NullPointerException("contributions[" + i + "] must not be null");
      }
      users[i] = c.userId();
      keys[i] = c.key();
      values[i] = c.value();
    }
    return bound(users, keys, values);
  }

  private BoundedContributions collect(
      long[] userIds,
      long[] keys,
      double[] values,
      boolean[] keep,
      long droppedByPartition,
      long droppedByContribution,
      long usersOver) {
    int m = 0;
    for (boolean k : keep) {
      m += k ? 1 : 0;
    }
    long[] outUsers = new long[m];
    long[] outKeys = new long[m];
    double[] outValues = new double[m];
    long clamped = 0;
    int j = 0;
    for (int i = 0; i < keep.length; i++) {
      if (keep[i]) {
        double v = values[i];
        if (clamp && (v < lower || v > upper)) {
          v = Math.max(lower, Math.min(upper, v));
          clamped++;
        }
        outUsers[j] = userIds[i];
        outKeys[j] = keys[i];
        outValues[j] = v;
        j++;
      }
    }
    BoundingReport report =
        new BoundingReport(
            keep.length, m, droppedByPartition, droppedByContribution, clamped, usersOver);
    return new BoundedContributions(outUsers, outKeys, outValues, report);
  }

  @Override
  public String toString() {
    return "ContributionBounder[maxPartitionsContributed=" + maxPartitionsContributed
        + ", maxContributionsPerPartition=" + maxContributionsPerPartition
        + (clamp ? ", valueBounds=[" + lower + ", " + upper + "]" : "") + "]";
  }

  /** Builder of {@link ContributionBounder}; not thread-safe. */
  public static final class Builder {
    private int maxPartitionsContributed;
    private int maxContributionsPerPartition = 1;
    private boolean clamp;
    private double lower;
    private double upper;
    private RandomSource random = RandomSources.secure();

    private Builder() {}

    /**
     * Sets the L0 bound, the number of distinct keys kept per user. Required.
     *
     * @throws IllegalArgumentException if {@code l0 < 1}
     */
    public Builder maxPartitionsContributed(int l0) {
      this.maxPartitionsContributed = DpPreconditions.checkPositive("maxPartitionsContributed", l0);
      return this;
    }

    /**
     * Sets the number of records kept per user and key. Default 1.
     *
     * @throws IllegalArgumentException if {@code max < 1}
     */
    public Builder maxContributionsPerPartition(int max) {
      this.maxContributionsPerPartition =
          DpPreconditions.checkPositive("maxContributionsPerPartition", max);
      return this;
    }

    /**
     * Clamps every kept value into {@code [lower, upper]}. Default: no clamping.
     *
     * @throws IllegalArgumentException unless both are finite and {@code lower < upper}
     */
    public Builder valueBounds(double lower, double upper) {
      DpPreconditions.checkBounds("lower", lower, "upper", upper);
      this.clamp = true;
      this.lower = lower;
      this.upper = upper;
      return this;
    }

    /**
     * Sets the source of the subset choices. Default {@link RandomSources#secure()}.
     *
     * @throws NullPointerException if {@code random} is null
     */
    public Builder randomSource(RandomSource random) {
      this.random = DpPreconditions.checkNotNull(random, "random");
      return this;
    }

    /**
     * Builds the bounder.
     *
     * @throws IllegalStateException if {@link #maxPartitionsContributed(int)} was not set
     */
    public ContributionBounder build() {
      if (maxPartitionsContributed == 0) {
        throw new IllegalStateException("maxPartitionsContributed must be set before build()");
      }
      return new ContributionBounder(this);
    }
  }
}
