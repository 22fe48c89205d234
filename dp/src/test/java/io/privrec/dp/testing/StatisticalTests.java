package io.privrec.dp.testing;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongToDoubleFunction;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Goodness-of-fit tests against exact distributions, for sampler tests.
 *
 * <p>Both return p-values; tests compare them with a significance level such as {@link
 * #SIGNIFICANCE} = 1e-6, i.e. a correct sampler fails a given test with probability at most 1e-6.
 * Commons Math provides only the special functions (chi-square and Kolmogorov distributions), never
 * the samples.
 */
public final class StatisticalTests {

  /** The false-failure rate every statistical test in PrivRec is designed for. */
  public static final double SIGNIFICANCE = 1e-6;

  /** Minimum expected count per chi-square bin (the usual validity rule for the approximation). */
  private static final double MIN_EXPECTED = 5.0;

  private StatisticalTests() {}

  /**
   * Returns the p-value of Pearson's chi-square goodness-of-fit test of integer {@code samples}
   * against the exact probability mass function {@code pmf} (summing to 1 over the integers and
   * unimodal around {@code mode}).
   *
   * <p>Bins: every integer around {@code mode} whose expected count is at least 5, found by walking
   * outwards; all remaining mass on each side goes to one tail bin, and a tail bin with expected
   * count below 5 is merged into its neighbour.
   */
  public static double chiSquarePValue(long[] samples, LongToDoubleFunction pmf, long mode) {
    int n = samples.length;
    long lo = mode;
    long hi = mode;
    while (n * pmf.applyAsDouble(lo - 1) >= MIN_EXPECTED) {
      lo--;
    }
    while (n * pmf.applyAsDouble(hi + 1) >= MIN_EXPECTED) {
      hi++;
    }
    int inner = Math.toIntExact(hi - lo + 1);
    double[] expected = new double[inner + 2];
    long[] observed = new long[inner + 2];
    double innerMass = 0;
    for (int i = 0; i < inner; i++) {
      double p = pmf.applyAsDouble(lo + i);
      expected[i + 1] = n * p;
      innerMass += p;
    }
    double leftMass = 0;
    for (long k = lo - 1; ; k--) {
      double p = pmf.applyAsDouble(k);
      leftMass += p;
      if (p < 1e-300 || p < leftMass * 1e-17) {
        break;
      }
    }
    expected[0] = n * leftMass;
    expected[inner + 1] = n * Math.max(0.0, 1.0 - innerMass - leftMass);
    for (long sample : samples) {
      int bin = sample < lo ? 0 : sample > hi ? inner + 1 : (int) (sample - lo) + 1;
      observed[bin]++;
    }
    // Merge small tail bins inwards.
    int first = 0;
    int last = inner + 1;
    if (expected[0] < MIN_EXPECTED) {
      expected[1] += expected[0];
      observed[1] += observed[0];
      first = 1;
    }
    if (expected[inner + 1] < MIN_EXPECTED) {
      expected[inner] += expected[inner + 1];
      observed[inner] += observed[inner + 1];
      last = inner;
    }
    return pearsonPValue(observed, expected, first, last);
  }

  /**
   * Returns the p-value of Pearson's statistic {@code sum (observed[i] - expected[i])^2 /
   * expected[i]} over the bins {@code first..last}, which must partition all outcomes (expected
   * counts summing to the number of samples), on {@code last - first} degrees of freedom.
   */
  public static double pearsonPValue(long[] observed, double[] expected, int first, int last) {
    double statistic = 0;
    for (int i = first; i <= last; i++) {
      double diff = observed[i] - expected[i];
      statistic += diff * diff / expected[i];
    }
    int degreesOfFreedom = last - first;
    if (degreesOfFreedom < 1) {
      throw new IllegalArgumentException("too few bins for a chi-square test: " + (last - first + 1));
    }
    // The distribution object is only evaluated (its null generator is never used).
    return 1 - new ChiSquaredDistribution(null, degreesOfFreedom).cumulativeProbability(statistic);
  }

  /**
   * Returns the p-value of the one-sample Kolmogorov–Smirnov test of {@code samples} against the
   * continuous {@code cdf}. {@code maxCdfError} is a known bound on {@code sup |F_true - cdf|}
   * (e.g. from discretising to a grid); the statistic is reduced by it, so the test stays
   * conservative for a distribution within that distance of {@code cdf}.
   */
  public static double kolmogorovSmirnovPValue(
      double[] samples, DoubleUnaryOperator cdf, double maxCdfError) {
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double d = 0;
    for (int i = 0; i < n; i++) {
      double f = cdf.applyAsDouble(sorted[i]);
      d = Math.max(d, Math.max(f - (double) i / n, (double) (i + 1) / n - f));
    }
    double reduced = Math.max(0, d - maxCdfError);
    return 1 - new KolmogorovSmirnovTest().cdf(reduced, n);
  }
}
