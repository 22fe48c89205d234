package io.privrec.core.cf.dp;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;
import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * Empirical privacy auditing of a released statistic on two neighbouring datasets (Jagielski,
 * Ullman &amp; Oprea, NeurIPS 2020; Nasr et al., IEEE S&amp;P 2021): the mechanism is run many
 * times with a canary customer ({@code D}) and without her ({@code D′}); a membership test
 * "the statistic is at least t" (or "at most t") is an event S, and (ε, δ)-DP requires {@code
 * P_D(S) <= e^ε P_D′(S) + δ} in both directions. Exact Clopper–Pearson intervals turn the observed
 * frequencies into
 * <ul>
 *   <li>an <b>empirical lower bound</b> {@code ε_lb = ln((lower P_D(S) − δ) / upper P_D′(S))}, and
 *   <li>a <b>hockey-stick violation</b> {@code lower P_D(S) − e^ε upper P_D′(S) − δ}, positive only
 *       if the claimed (ε, δ) is significantly violated.
 * </ul>
 *
 * <p><b>Selection without bias.</b> Each sample is split in halves: the event (threshold and
 * direction) with the best bound is chosen on the first halves, and the intervals are
 * computed on the second halves only, at level {@code failureRate/2} each. If both intervals
 * hold — probability at least {@code 1 − failureRate}, whatever event was chosen, because the
 * halves are independent — then {@code ε_lb <= ε_true} and the violation is {@code <= 0} for a
 * mechanism that satisfies its claim. So an audit of a correct mechanism reports {@code ε_lb > ε}
 * (or a positive violation) with probability at most {@code failureRate}. Commons Math supplies
 * only the Beta quantiles.
 */
final class PrivacyAudit {
  private PrivacyAudit() {}

  /** The chosen event and its bounds. */
  record Result(double threshold, boolean atLeast, boolean canaryFirst, double lowerWith, double upperWithout,
      double value) {}

  /**
   * Runs {@code trials} fits on each dataset ({@code withCanary.applyAsDouble(trial)} returns the
   * statistic of the model fitted with the canary in trial {@code trial}) and returns the empirical
   * ε lower bound.
   */
  static Result epsilonLowerBound(IntToDoubleFunction withCanary, IntToDoubleFunction withoutCanary, int trials,
      double delta, double failureRate) {
    return run(sample(withCanary, trials), sample(withoutCanary, trials), Double.NaN, delta, failureRate);
  }

  /** As {@link #epsilonLowerBound} on given samples. */
  static Result epsilonLowerBound(double[] with, double[] without, double delta, double failureRate) {
    return run(with, without, Double.NaN, delta, failureRate);
  }

  /** The largest significant violation of (ε, δ)-DP over threshold events (≤ 0: none found). */
  static Result hockeyStickViolation(double[] with, double[] without, double epsilon, double delta,
      double failureRate) {
    return run(with, without, epsilon, delta, failureRate);
  }

  static double[] sample(IntToDoubleFunction statistic, int trials) {
    double[] out = new double[trials];
    for (int t = 0; t < trials; t++) {
      out[t] = statistic.applyAsDouble(t);
    }
    return out;
  }

  /** {@code epsilon} NaN: maximise the ε lower bound; otherwise the violation of (ε, δ). */
  private static Result run(double[] with, double[] without, double epsilon, double delta, double failureRate) {
    int half = Math.min(with.length, without.length) / 2;
    double[] selectWith = sorted(with, 0, half);
    double[] selectWithout = sorted(without, 0, half);
    double[] evalWith = sorted(with, half, 2 * half);
    double[] evalWithout = sorted(without, half, 2 * half);
    double bestScore = Double.NEGATIVE_INFINITY;
    double bestThreshold = 0;
    boolean bestAtLeast = true;
    boolean bestCanaryFirst = true;
    double[] candidates = concat(selectWith, selectWithout);
    for (double t : candidates) {
      for (boolean atLeast : new boolean[] {true, false}) {
        for (boolean canaryFirst : new boolean[] {true, false}) {
          // Score each event by the bound it would give on the selection halves, so that rare
          // events whose frequencies are mostly sampling noise are not preferred.
          double p = lowerBound(count(canaryFirst ? selectWith : selectWithout, t, atLeast), half, failureRate / 2);
          double q = upperBound(count(canaryFirst ? selectWithout : selectWith, t, atLeast), half, failureRate / 2);
          double score = Double.isNaN(epsilon) ? Math.log(Math.max(p - delta, 0) / q)
              : p - Math.exp(epsilon) * q - delta;
          if (score > bestScore) {
            bestScore = score;
            bestThreshold = t;
            bestAtLeast = atLeast;
            bestCanaryFirst = canaryFirst;
          }
        }
      }
    }
    double[] first = bestCanaryFirst ? evalWith : evalWithout;
    double[] second = bestCanaryFirst ? evalWithout : evalWith;
    long k1 = count(first, bestThreshold, bestAtLeast);
    long k2 = count(second, bestThreshold, bestAtLeast);
    double lower = lowerBound(k1, half, failureRate / 2);
    double upper = upperBound(k2, half, failureRate / 2);
    double value = Double.isNaN(epsilon)
        ? (lower - delta > 0 ? Math.log((lower - delta) / upper) : Double.NEGATIVE_INFINITY)
        : lower - Math.exp(epsilon) * upper - delta;
    return new Result(bestThreshold, bestAtLeast, bestCanaryFirst, lower, upper, value);
  }

  private static double[] sorted(double[] a, int from, int to) {
    double[] s = Arrays.copyOfRange(a, from, to);
    Arrays.sort(s);
    return s;
  }

  private static double[] concat(double[] a, double[] b) {
    double[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return Arrays.stream(c).distinct().toArray();
  }

  /** Number of values {@code >= t} (or {@code <= t}) in a sorted array. */
  private static long count(double[] sortedValues, double t, boolean atLeast) {
    int lo = 0;
    int hi = sortedValues.length;
    if (atLeast) {
      // first index with value >= t
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (sortedValues[mid] < t) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return sortedValues.length - lo;
    }
    // first index with value > t
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sortedValues[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Clopper–Pearson lower bound: {@code P[Binomial(n, p) >= k] = alpha}. */
  static double lowerBound(long k, long n, double alpha) {
    return k == 0 ? 0 : new BetaDistribution(null, k, n - k + 1).inverseCumulativeProbability(alpha);
  }

  /** Clopper–Pearson upper bound: {@code P[Binomial(n, p) <= k] = alpha}. */
  static double upperBound(long k, long n, double alpha) {
    return k == n ? 1 : new BetaDistribution(null, k + 1, n - k).inverseCumulativeProbability(1 - alpha);
  }
}
