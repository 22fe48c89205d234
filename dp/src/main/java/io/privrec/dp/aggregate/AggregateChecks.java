package io.privrec.dp.aggregate;

import io.privrec.dp.noise.MechanismType;
import io.privrec.dp.noise.Noise;

/** Builder validation shared by the aggregations; messages name parameter, rule and value. */
final class AggregateChecks {

  private AggregateChecks() {}

  static void checkEpsilon(double epsilon) {
    if (!(epsilon >= 0x1p-50 && Double.isFinite(epsilon))) {
      throw new IllegalArgumentException(
          "epsilon must be finite and >= 2^-50. Provided value: " + epsilon);
    }
  }

  /** Laplace-family noise needs delta = 0; Gaussian-family noise needs 0 < delta < 1. */
  static void checkDelta(double delta, Noise noise) {
    MechanismType type = noise.mechanismType();
    boolean pure = type == MechanismType.LAPLACE || type == MechanismType.DISCRETE_LAPLACE;
    if (pure && delta != 0) {
      throw new IllegalArgumentException(
          "delta must be 0 for " + type + " noise. Provided value: " + delta);
    }
    if (!pure && !(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException(
          "delta must be in (0, 1) for " + type + " noise. Provided value: " + delta);
    }
  }

  static void checkAtLeastOne(long value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1. Provided value: " + value);
    }
  }

  static void checkBounds(double lower, double upper) {
    if (!Double.isFinite(lower)) {
      throw new IllegalArgumentException("lower must be finite. Provided value: " + lower);
    }
    if (!Double.isFinite(upper)) {
      throw new IllegalArgumentException("upper must be finite. Provided value: " + upper);
    }
    if (!(lower < upper)) {
      throw new IllegalArgumentException(
          "lower must be < upper. Provided values: " + lower + ", " + upper);
    }
  }

  static void checkNotReleased(boolean released) {
    if (released) {
      throw new IllegalStateException("the result was already computed: a DP aggregation can be "
          + "released only once, and accepts no entries afterwards");
    }
  }
}
