package io.privrec.dp.aggregate;

import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.noise.ConfidenceInterval;
import java.util.Objects;
import java.util.function.DoubleFunction;

/**
 * A released differentially private value with its confidence interval at any requested level.
 *
 * <p>The interval is computed from the noise parameters only (post-processing: it costs no privacy
 * budget) and contains the noise-free aggregate with probability at least {@code 1 - alpha}.
 * Immutable and thread-safe.
 */
public final class DpResult {

  private final double value;
  private final DoubleFunction<ConfidenceInterval> intervals;

  DpResult(double value, DoubleFunction<ConfidenceInterval> intervals) {
    this.value = value;
    this.intervals = Objects.requireNonNull(intervals, "intervals");
  }

  /** Returns the noisy value. */
  public double value() {
    return value;
  }

  /**
   * Returns the noisy value rounded to the nearest long (exact for counts, which are integers).
   */
  public long longValue() {
    return Math.round(value);
  }

  /**
   * Returns an interval containing the noise-free aggregate with probability at least {@code 1 -
   * alpha}.
   *
   * @throws IllegalArgumentException unless {@code 0 < alpha < 1}
   */
  public ConfidenceInterval confidenceInterval(double alpha) {
    DpPreconditions.checkInOpenRange("alpha", alpha, 0, 1);
    return intervals.apply(alpha);
  }

  @Override
  public String toString() {
    return "DpResult{value=" + value + "}";
  }
}
