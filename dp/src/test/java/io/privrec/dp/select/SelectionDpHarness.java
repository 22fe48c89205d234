package io.privrec.dp.select;

import java.util.function.IntSupplier;
import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * Empirical (ε, δ)-DP check for mechanisms with finitely many outcomes 0..m-1: runs the mechanism
 * {@code samples} times on each of two neighbouring inputs and looks, for every single outcome o and
 * both directions, for a statistically significant violation of P[M(D) = o] ≤ e^ε·P[M(D′) = o] + δ
 * (a lower bound on the hockey-stick divergence restricted to singleton events).
 *
 * <p>Each probability is bounded by an exact Clopper–Pearson interval at level α = 10⁻⁶/(4m): a
 * violation is reported only if lower(P[M(D) = o]) − e^ε·upper(P[M(D′) = o]) &gt; δ. A truly (ε,
 * δ)-DP mechanism is reported with probability at most 4m·α = 10⁻⁶ (union bound over the 2m
 * comparisons, each using two bounds), so the tolerance follows from the false-failure rate.
 * Commons Math provides only the Beta quantiles, never samples.
 */
final class SelectionDpHarness {

  static final double FALSE_FAILURE_RATE = 1e-6;

  private SelectionDpHarness() {}

  /**
   * Returns the largest lower confidence bound, over outcomes and directions, of P[M(D) = o] −
   * e^ε·P[M(D′) = o] − δ; positive means "significant violation".
   */
  static double worstViolation(
      IntSupplier onD, IntSupplier onNeighbour, int outcomes, int samples, double epsilon,
      double delta) {
    long[] a = histogram(onD, outcomes, samples);
    long[] b = histogram(onNeighbour, outcomes, samples);
    double alpha = FALSE_FAILURE_RATE / (4.0 * outcomes);
    double expEps = Math.exp(epsilon);
    double worst = Double.NEGATIVE_INFINITY;
    for (int o = 0; o < outcomes; o++) {
      worst = Math.max(worst, lower(a[o], samples, alpha) - expEps * upper(b[o], samples, alpha) - delta);
      worst = Math.max(worst, lower(b[o], samples, alpha) - expEps * upper(a[o], samples, alpha) - delta);
    }
    return worst;
  }

  private static long[] histogram(IntSupplier mechanism, int outcomes, int samples) {
    long[] h = new long[outcomes];
    for (int i = 0; i < samples; i++) {
      h[mechanism.getAsInt()]++;
    }
    return h;
  }

  /** Clopper–Pearson lower bound: P[Binomial(n, p) ≥ k] = α. */
  static double lower(long k, long n, double alpha) {
    return k == 0 ? 0 : new BetaDistribution(null, k, n - k + 1).inverseCumulativeProbability(alpha);
  }

  /** Clopper–Pearson upper bound: P[Binomial(n, p) ≤ k] = α. */
  static double upper(long k, long n, double alpha) {
    return k == n
        ? 1
        : new BetaDistribution(null, k + 1, n - k).inverseCumulativeProbability(1 - alpha);
  }
}
