package io.privrec.dp.select;

import io.privrec.dp.bounding.KeyUserCounts;
import io.privrec.dp.budget.PrivacyCost;
import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.internal.ExactBernoulli;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;
import java.util.Arrays;

/**
 * Private partition selection: decides which keys (e.g. new items) may appear in a release when
 * the set of keys is not public, so that a key contributed by few users does not reveal them.
 *
 * <p>A key with n distinct users is kept with probability π(n), independently of the other keys,
 * where π is the optimal (ε′, δ′) keep-probability function of Desfontaines, Voss, Gipson &amp;
 * Mandayam 2022 ("Differentially private partition selection", PoPETs 2022, Thm. 1): π(0) = 0
 * and
 *
 * <pre>π(n) = min( e^ε′·π(n−1) + δ′,  1 − e^−ε′·(1 − π(n−1) − δ′),  1 ),</pre>
 *
 * the largest probabilities that keep the keep-event and the drop-event within e<sup>ε′</sup>
 * and δ′ between n − 1 and n users. π(n) is computed in floating point and rounded down by a
 * relative 10<sup>−15</sup> at every step, so the constraints hold for the probabilities actually
 * used; the keep decision is an exact Bernoulli(π(n)) trial.
 *
 * <p><b>Guarantee.</b> (ε, δ)-DP for adding or removing one user who contributes to at most {@code
 * maxPartitionsContributed} = m keys (bound the data first with {@link
 * io.privrec.dp.bounding.ContributionBounder}): each key uses ε′ = ε/m and δ′ = δ/m, and a user
 * changes the counts of at most m keys, by one each (basic composition). Keys with count 0 are never
 * kept. {@link #cost()} is {@code approximateDp(ε, δ)}.
 *
 * <p>Immutable; thread-safe if its random source is.
 */
public final class PartitionSelection {

  /** Largest table of keep probabilities; smaller ε and δ would need more memory. */
  private static final int MAX_TABLE = 1 << 24;

  private final double epsilon;
  private final double delta;
  private final int maxPartitionsContributed;
  private final RandomSource random;
  /** π(0..table.length-1); π(n) = tail for larger n. */
  private final double[] table;
  private final double tail;

  private PartitionSelection(double epsilon, double delta, int m, RandomSource random) {
    this.epsilon = epsilon;
    this.delta = delta;
    this.maxPartitionsContributed = m;
    this.random = random;
    this.table = keepProbabilities(epsilon / m, delta / m);
    // 1 if the recursion reached certainty; otherwise it stalled just below 1 (tiny δ′).
    double last = table[table.length - 1];
    double eps = epsilon / m;
    double d = delta / m;
    this.tail = last + d >= 1 + 1e-15 && Math.exp(eps) * last + d >= 1 + 1e-15 ? 1.0 : last;
  }

  /**
   * Returns partition selection with total (ε, δ), drawing from {@link RandomSources#secure()}.
   *
   * @throws IllegalArgumentException if ε is not finite and {@code > 0}, δ not in (0, 1), {@code
   *     maxPartitionsContributed < 1}, or the keep probability would need more than 2^24 users to
   *     reach 1
   */
  public static PartitionSelection create(
      double epsilon, double delta, int maxPartitionsContributed) {
    return create(epsilon, delta, maxPartitionsContributed, RandomSources.secure());
  }

  /**
   * Returns partition selection drawing from {@code random}.
   *
   * @throws IllegalArgumentException as {@link #create(double, double, int)}
   * @throws NullPointerException if {@code random} is null
   */
  public static PartitionSelection create(
      double epsilon, double delta, int maxPartitionsContributed, RandomSource random) {
    DpPreconditions.checkEpsilon(epsilon);
    DpPreconditions.checkPositiveDelta("delta", delta);
    DpPreconditions.checkPositive("maxPartitionsContributed", maxPartitionsContributed);
    DpPreconditions.checkNotNull(random, "random");
    return new PartitionSelection(epsilon, delta, maxPartitionsContributed, random);
  }

  /** The cost of one {@link #select} call: {@code approximateDp(ε, δ)}. */
  public PrivacyCost cost() {
    return PrivacyCost.approximateDp(epsilon, delta).withMechanism("partition-selection");
  }

  /**
   * Returns π(n), the probability that a key with {@code userCount} distinct users is kept. Depends
   * only on public parameters.
   *
   * @throws IllegalArgumentException if {@code userCount < 0}
   */
  /** Names the positions of a repeated key, not the key: which keys occur in the raw data is private. */
  private static IllegalArgumentException repeatedKey(long[] keys, long key) {
    int first = -1;
    int second = -1;
    for (int i = 0; i < keys.length && second < 0; i++) {
      if (keys[i] == key) {
        if (first < 0) {
          first = i;
        } else {
          second = i;
        }
      }
    }
    return new IllegalArgumentException("keys must be distinct, but keys[" + second + "] repeats keys[" + first
        + "] (the key is not quoted)");
  }

  public double keepProbability(long userCount) {
    DpPreconditions.checkNonNegative("userCount", userCount);
    return userCount < table.length ? table[(int) userCount] : tail;
  }

  /**
   * Returns the keys kept, in input order.
   *
   * @throws NullPointerException if {@code counts} is null
   */
  public long[] select(KeyUserCounts counts) {
    DpPreconditions.checkNotNull(counts, "counts");
    return select(counts.keys(), counts.userCounts());
  }

  /**
   * Returns the keys kept, in input order; {@code userCounts[i]} is the number of distinct users of
   * {@code keys[i]}.
   *
   * @throws IllegalArgumentException if the arrays differ in length, a count is negative, or a key
   *     repeats (checked before any key is decided)
   * @throws NullPointerException if an array is null
   */
  public long[] select(long[] keys, long[] userCounts) {
    DpPreconditions.checkNotNull(keys, "keys");
    DpPreconditions.checkNotNull(userCounts, "userCounts");
    if (keys.length != userCounts.length) {
      // Lengths not stated: they count the keys present in the raw data.
      throw new IllegalArgumentException("keys and userCounts must have equal lengths");
    }
    for (int i = 0; i < userCounts.length; i++) {
      if (userCounts[i] < 0) {
        throw new IllegalArgumentException(
            "userCounts[" + i + "] must be >= 0. Provided value: " + userCounts[i]);
      }
    }
    long[] sorted = keys.clone();
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] == sorted[i - 1]) {
        throw repeatedKey(keys, sorted[i]);
      }
    }
    long[] kept = new long[keys.length];
    int m = 0;
    for (int i = 0; i < keys.length; i++) {
      if (ExactBernoulli.bernoulli(keepProbability(userCounts[i]), random)) {
        kept[m++] = keys[i];
      }
    }
    return Arrays.copyOf(kept, m);
  }

  private static double[] keepProbabilities(double eps, double delta) {
    double expEps = Math.exp(eps);
    double expMinusEps = Math.exp(-eps);
    // Relative slack covering the rounding of exp and of the two formulas (a few ulps).
    double shrink = 1 - 1e-15;
    double[] pi = new double[64];
    int n = 1;
    double previous = 0;
    while (true) {
      double grow = expEps * previous + delta;
      double dropBound = 1 - expMinusEps * (1 - previous - delta);
      if (previous + delta >= 1 + 1e-15 && grow >= 1 + 1e-15) {
        return Arrays.copyOf(pi, n);
      }
      double next = Math.min(1, Math.nextDown(Math.min(grow, dropBound) * shrink));
      if (!(next > previous)) {
        // Rounding stalled the recursion just below 1 (δ′ near 1e-15): keep π constant from here.
        return Arrays.copyOf(pi, n);
      }
      if (n == pi.length) {
        if (n >= MAX_TABLE) {
          throw new IllegalArgumentException(
              "epsilon and delta are too small: the keep probability needs more than 2^24 users"
                  + " to reach 1. Provided values: epsilon=" + eps + ", delta=" + delta
                  + " per partition");
        }
        pi = Arrays.copyOf(pi, 2 * n);
      }
      pi[n++] = next;
      previous = next;
    }
  }

  @Override
  public String toString() {
    return "PartitionSelection[epsilon=" + epsilon + ", delta=" + delta
        + ", maxPartitionsContributed=" + maxPartitionsContributed + "]";
  }
}
