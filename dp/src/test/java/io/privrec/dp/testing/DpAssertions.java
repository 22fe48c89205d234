package io.privrec.dp.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Empirical tests of (epsilon, delta)-differential privacy by the hockey-stick divergence.
 *
 * <p>A mechanism {@code M} is (epsilon, delta)-DP on neighbours {@code D, D'} iff for every output
 * set {@code S}: {@code P(S) - e^epsilon Q(S) <= delta}, with {@code P, Q} the output distributions
 * on {@code D} and {@code D'}; binning outputs (post-processing) preserves this. The test runs the
 * mechanism on both datasets, and for each direction ({@code (D, D')} and {@code (D', D)}):
 *
 * <ol>
 *   <li>from a first sample of {@code n} outputs per dataset, picks the bins {@code S} where {@code
 *       P^(x) > e^epsilon Q^(x)} (the empirical worst-case set);
 *   <li>from a second, independent sample of {@code n} per dataset, estimates {@code P(S) -
 *       e^epsilon Q(S)} and passes if it is at most {@code delta + tolerance}.
 * </ol>
 *
 * <p><b>Tolerance.</b> {@code S} is fixed before the second sample, so Hoeffding's inequality
 * applies to each of {@code P^(S)} and {@code Q^(S)}: {@code P(P^(S) - P(S) > t) <= exp(-2 n t^2)}.
 * A direction therefore falsely fails with probability at most {@code 2 beta} when {@code tolerance
 * = (1 + e^epsilon) t} with {@code t = sqrt(ln(1/beta) / (2 n))}. One run has two directions, so it
 * falsely fails with probability {@code <= 4 beta}; the verdict is a majority vote over 3 runs,
 * which falsely fails only if 2 runs do: {@code <= 3 (4 beta)^2}. With {@code beta = 1.44e-4}:
 * {@code 3 (5.76e-4)^2 = 9.95e-7 <= 1e-6}.
 *
 * <p>The API is generic: any output type, any binning (e.g. {@code x -> Math.round(x / 0.25)}, or
 * the index of a selected item), so selection mechanisms and private models reuse it.
 */
public final class DpAssertions {

  /** Per-tail false-failure probability of one Hoeffding bound (see class doc). */
  static final double BETA = 1.44e-4;
  /** Number of independent runs in the majority vote. */
  public static final int RUNS = 3;

  private DpAssertions() {}

  /** The estimated divergences of one run. */
  public record RunResult(double divergenceDtoNeighbour, double divergenceNeighbourToD,
      double tolerance) {}

  /**
   * Returns the tolerance {@code (1 + e^epsilon) sqrt(ln(1/beta) / (2 n))} added to delta for
   * {@code n} samples per dataset and half.
   */
  public static double tolerance(double epsilon, int samplesPerHalf) {
    return (1 + Math.exp(epsilon)) * Math.sqrt(Math.log(1 / BETA) / (2.0 * samplesPerHalf));
  }

  /** Runs the two-direction test once and returns both estimated divergences. */
  public static <T> RunResult run(Supplier<? extends T> onDataset,
      Supplier<? extends T> onNeighbour, ToLongFunction<? super T> binning, double epsilon,
      int samplesPerHalf) {
    Map<Long, long[]> first = sample(onDataset, onNeighbour, binning, samplesPerHalf);
    Map<Long, long[]> second = sample(onDataset, onNeighbour, binning, samplesPerHalf);
    double expEpsilon = Math.exp(epsilon);
    double forward = 0;
    double backward = 0;
    for (Map.Entry<Long, long[]> bin : first.entrySet()) {
      long[] firstCounts = bin.getValue();
      long[] secondCounts = second.getOrDefault(bin.getKey(), new long[2]);
      if (firstCounts[0] > expEpsilon * firstCounts[1]) {
        forward += secondCounts[0] - expEpsilon * secondCounts[1];
      }
      if (firstCounts[1] > expEpsilon * firstCounts[0]) {
        backward += secondCounts[1] - expEpsilon * secondCounts[0];
      }
    }
    return new RunResult(forward / samplesPerHalf, backward / samplesPerHalf,
        tolerance(epsilon, samplesPerHalf));
  }

  /** Returns how many of {@link #RUNS} runs pass in both directions. */
  public static <T> int passingRuns(Supplier<? extends T> onDataset,
      Supplier<? extends T> onNeighbour, ToLongFunction<? super T> binning, double epsilon,
      double delta, int samplesPerHalf) {
    int passes = 0;
    for (int i = 0; i < RUNS; i++) {
      RunResult r = run(onDataset, onNeighbour, binning, epsilon, samplesPerHalf);
      if (r.divergenceDtoNeighbour() <= delta + r.tolerance()
          && r.divergenceNeighbourToD() <= delta + r.tolerance()) {
        passes++;
      }
    }
    return passes;
  }

  /**
   * Asserts (epsilon, delta)-DP of the mechanism on the given neighbours by majority vote; falsely
   * fails a DP mechanism with probability at most 1e-6.
   *
   * @throws AssertionError if fewer than 2 of 3 runs pass
   */
  public static <T> void assertApproximateDp(Supplier<? extends T> onDataset,
      Supplier<? extends T> onNeighbour, ToLongFunction<? super T> binning, double epsilon,
      double delta, int samplesPerHalf) {
    int passes = passingRuns(onDataset, onNeighbour, binning, epsilon, delta, samplesPerHalf);
    if (passes * 2 < RUNS) {
      RunResult example = run(onDataset, onNeighbour, binning, epsilon, samplesPerHalf);
      throw new AssertionError("(" + epsilon + ", " + delta + ")-DP rejected: " + passes + " of "
          + RUNS + " runs passed; e.g. " + example);
    }
  }

  private static <T> Map<Long, long[]> sample(Supplier<? extends T> onDataset,
      Supplier<? extends T> onNeighbour, ToLongFunction<? super T> binning, int n) {
    Map<Long, long[]> counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      counts.computeIfAbsent(binning.applyAsLong(onDataset.get()), k -> new long[2])[0]++;
      counts.computeIfAbsent(binning.applyAsLong(onNeighbour.get()), k -> new long[2])[1]++;
    }
    return counts;
  }
}
