package io.privrec.dp.noise;

/**
 * Parameter checks shared by the mechanisms. Messages name the parameter, the rule and the value;
 * floating-point checks are written in accepting form so that NaN fails them.
 */
final class NoiseChecks {

  /** Below this, epsilon is indistinguishable from 0 for every calibration here (as in Google's DP library). */
  static final double MIN_EPSILON = 0x1p-50;

  private NoiseChecks() {}

  static void checkEpsilon(double epsilon) {
    if (!(epsilon >= MIN_EPSILON && Double.isFinite(epsilon))) {
      throw new IllegalArgumentException(
          "epsilon must be finite and >= 2^-50. Provided value: " + epsilon);
    }
  }

  static void checkDeltaZero(double delta, MechanismType type) {
    if (delta != 0) {
      throw new IllegalArgumentException(
          "delta must be 0 for " + type + " noise. Provided value: " + delta);
    }
  }

  static void checkDeltaStrictlyBetweenZeroAndOne(double delta, MechanismType type) {
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException(
          "delta must be in (0, 1) for " + type + " noise. Provided value: " + delta);
    }
  }

  static void checkL0(int l0Sensitivity) {
    if (l0Sensitivity < 1) {
      throw new IllegalArgumentException(
          "l0Sensitivity must be >= 1. Provided value: " + l0Sensitivity);
    }
  }

  static void checkPositiveFinite(double value, String name) {
    if (!(value > 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(name + " must be finite and > 0. Provided value: " + value);
    }
  }

  static void checkPositive(long value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1. Provided value: " + value);
    }
  }

  static void checkFinite(double value, String name) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite. Provided value: " + value);
    }
  }

  static void checkFiniteElements(double[] values, String name) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            name + "[" + i + "] must be finite. Provided value: " + values[i]);
      }
    }
  }

  static void checkAlpha(double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1). Provided value: " + alpha);
    }
  }

  static void checkRho(double rho) {
    if (!(rho > 0 && Double.isFinite(rho))) {
      throw new IllegalArgumentException("rho must be finite and > 0. Provided value: " + rho);
    }
  }
}
