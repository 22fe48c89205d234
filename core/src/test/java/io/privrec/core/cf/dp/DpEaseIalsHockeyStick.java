package io.privrec.core.cf.dp;

import java.util.HashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * An empirical test of (ε, δ)-DP by the hockey-stick divergence of a mechanism's real-valued
 * output (a low-dimensional projection of a release, binned: post-processing keeps the guarantee)
 * on two neighbouring datasets.
 *
 * <p>(ε, δ)-DP holds iff {@code P(S) − e^ε·Q(S) ≤ δ} for every output set S, for both orders of
 * the neighbours. One run, per direction: a first sample of n outputs per dataset picks the bins
 * where {@code P̂ > e^ε·Q̂} (the empirical worst set S); a second, independent sample estimates
 * {@code P(S) − e^ε·Q(S)}. S is fixed before the second sample, so by Hoeffding each of {@code
 * P̂(S)} and {@code Q̂(S)} is off by more than {@code t = √(ln(1/β)/(2n))} with probability at most
 * β, and a DP mechanism exceeds {@code δ + (1 + e^ε)·t} with probability at most 2β per direction,
 * 4β per run. The verdict is a majority of 3 runs, which falsely rejects only if 2 runs do: at most
 * {@code 3·(4β)² = 3·(5.76e-4)² = 9.95e-7 ≤ 1e-6} with β = 1.44e-4.
 */
final class DpEaseIalsHockeyStick {
  static final double BETA = 1.44e-4;
  static final int RUNS = 3;

  private DpEaseIalsHockeyStick() {}

  /** The tolerance {@code (1 + e^ε)·√(ln(1/β)/(2n))}. */
  static double tolerance(double epsilon, int n) {
    return (1 + Math.exp(epsilon)) * Math.sqrt(Math.log(1 / BETA) / (2.0 * n));
  }

  /** Number of runs (of {@link #RUNS}) whose both directions stay within δ + tolerance. */
  static int passingRuns(DoubleSupplier onData, DoubleSupplier onNeighbour, double binWidth, double epsilon,
      double delta, int n) {
    int passes = 0;
    for (int run = 0; run < RUNS; run++) {
      double[] d = divergences(onData, onNeighbour, binWidth, epsilon, n);
      double limit = delta + tolerance(epsilon, n);
      if (d[0] <= limit && d[1] <= limit) {
        passes++;
      }
    }
    return passes;
  }

  /** The estimated divergences of one run, data→neighbour and neighbour→data. */
  static double[] divergences(DoubleSupplier onData, DoubleSupplier onNeighbour, double binWidth, double epsilon,
      int n) {
    Map<Long, long[]> first = sample(onData, onNeighbour, binWidth, n);
    Map<Long, long[]> second = sample(onData, onNeighbour, binWidth, n);
    double e = Math.exp(epsilon);
    double forward = 0;
    double backward = 0;
    for (Map.Entry<Long, long[]> bin : first.entrySet()) {
      long[] f = bin.getValue();
      long[] s = second.getOrDefault(bin.getKey(), new long[2]);
      if (f[0] > e * f[1]) {
        forward += s[0] - e * s[1];
      }
      if (f[1] > e * f[0]) {
        backward += s[1] - e * s[0];
      }
    }
    return new double[] {forward / n, backward / n};
  }

  private static Map<Long, long[]> sample(DoubleSupplier onData, DoubleSupplier onNeighbour, double binWidth, int n) {
    Map<Long, long[]> counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      counts.computeIfAbsent(Math.round(onData.getAsDouble() / binWidth), k -> new long[2])[0]++;
      counts.computeIfAbsent(Math.round(onNeighbour.getAsDouble() / binWidth), k -> new long[2])[1]++;
    }
    return counts;
  }
}
