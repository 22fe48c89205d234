package io.privrec.dp.internal;

import java.util.Objects;

/**
 * Argument checks shared by the DP packages. Every check names the parameter, the rule and the
 * provided value, e.g. {@code "epsilon must be finite and > 0. Provided value: NaN"}.
 *
 * <p>All floating-point checks are written in accepting form ({@code !(x > 0)}), so NaN is
 * rejected by every check. Each method returns its argument so that it can be used inline in field
 * initialisers.
 *
 * <p><b>Not API</b>: public only for use by other {@code io.privrec} packages. Stateless and
 * thread-safe.
 */
public final class DpPreconditions {

  private DpPreconditions() {}

  /**
   * Checks a privacy parameter ε of a single release or a total budget.
   *
   * @return {@code epsilon}
   * @throws IllegalArgumentException unless {@code epsilon} is finite and {@code > 0}
   */
  public static double checkEpsilon(double epsilon) {
    return checkPositive("epsilon", epsilon);
  }

  /**
   * Checks a privacy parameter δ that may be zero (pure DP).
   *
   * @return {@code delta}
   * @throws IllegalArgumentException unless {@code 0 <= delta < 1}
   */
  public static double checkDelta(double delta) {
    return checkDelta("delta", delta);
  }

  /**
   * Checks a δ-like parameter named {@code name} that may be zero.
   *
   * @return {@code delta}
   * @throws IllegalArgumentException unless {@code 0 <= delta < 1}
   */
  public static double checkDelta(String name, double delta) {
    if (!(delta >= 0 && delta < 1)) {
      throw new IllegalArgumentException(
          name + " must be >= 0 and < 1. Provided value: " + delta);
    }
    return delta;
  }

  /**
   * Checks a δ-like parameter named {@code name} that must be strictly positive (e.g. the δ at
   * which an RDP or zCDP guarantee is converted).
   *
   * @return {@code delta}
   * @throws IllegalArgumentException unless {@code 0 < delta < 1}
   */
  public static double checkPositiveDelta(String name, double delta) {
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException(
          name + " must be > 0 and < 1. Provided value: " + delta);
    }
    return delta;
  }

  /**
   * Checks a sensitivity (L0, L1, L2 or L∞) named {@code name}.
   *
   * @return {@code sensitivity}
   * @throws IllegalArgumentException unless {@code sensitivity} is finite and {@code > 0}
   */
  public static double checkSensitivity(String name, double sensitivity) {
    return checkPositive(name, sensitivity);
  }

  /**
   * Checks that {@code value} is finite and strictly positive.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise
   */
  public static double checkPositive(String name, double value) {
    if (!(value > 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(
          name + " must be finite and > 0. Provided value: " + value);
    }
    return value;
  }

  /**
   * Checks that {@code value} is finite and {@code >= 0}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise
   */
  public static double checkNonNegative(String name, double value) {
    if (!(value >= 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(
          name + " must be finite and >= 0. Provided value: " + value);
    }
    return value;
  }

  /**
   * Checks that {@code value} is finite (neither NaN nor ±∞).
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise
   */
  public static double checkFinite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite. Provided value: " + value);
    }
    return value;
  }

  /**
   * Checks a probability that must lie in {@code (0, 1]}, such as a sampling rate.
   *
   * @return {@code probability}
   * @throws IllegalArgumentException unless {@code 0 < probability <= 1}
   */
  public static double checkProbability(String name, double probability) {
    if (!(probability > 0 && probability <= 1)) {
      throw new IllegalArgumentException(
          name + " must be > 0 and <= 1. Provided value: " + probability);
    }
    return probability;
  }

  /**
   * Checks that {@code lower < upper}, both finite.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static void checkBounds(String lowerName, double lower, String upperName, double upper) {
    checkFinite(lowerName, lower);
    checkFinite(upperName, upper);
    if (!(lower < upper)) {
      throw new IllegalArgumentException(
          lowerName + " must be < " + upperName + ". Provided values: " + lowerName + "=" + lower
              + ", " + upperName + "=" + upper);
    }
  }

  /**
   * Checks that an integer parameter is {@code >= 1}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise
   */
  public static int checkPositive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be > 0. Provided value: " + value);
    }
    return value;
  }

  /**
   * Checks that a long parameter is {@code >= 1}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise
   */
  public static long checkPositive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be > 0. Provided value: " + value);
    }
    return value;
  }

  /**
   * Checks that an integer parameter is {@code >= 0}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise
   */
  public static int checkNonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0. Provided value: " + value);
    }
    return value;
  }

  /**
   * Checks that a long parameter is {@code >= 0}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise
   */
  public static long checkNonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0. Provided value: " + value);
    }
    return value;
  }

  /**
   * Checks that a derived quantity did not overflow to ±∞ or NaN. Use it after arithmetic on
   * validated arguments, naming the argument whose size caused the overflow.
   *
   * @param derived the computed value
   * @param name the parameter to blame
   * @param provided the value of that parameter, for the message
   * @return {@code derived}
   * @throws IllegalArgumentException if {@code derived} is not finite
   */
  public static double checkNoOverflow(double derived, String name, double provided) {
    if (!Double.isFinite(derived)) {
      throw new IllegalArgumentException(
          name + " is out of range: a derived quantity overflows. Provided value: " + provided);
    }
    return derived;
  }

  /**
   * Checks that {@code reference} is not null.
   *
   * @return {@code reference}
   * @throws NullPointerException naming {@code name} if {@code reference} is null
   */
  public static <T> T checkNotNull(T reference, String name) {
    return Objects.requireNonNull(reference, name + " must not be null");
  }

  /**
   * Checks that a label (an identifier shown in ledgers and exports) is non-null and not blank.
   *
   * @return {@code label}
   * @throws NullPointerException if {@code label} is null
   * @throws IllegalArgumentException if {@code label} is blank
   */
  public static String checkLabel(String name, String label) {
    checkNotNull(label, name);
    if (label.isBlank()) {
      throw new IllegalArgumentException(
          name + " must not be blank. Provided value: \"" + label + "\"");
    }
    return label;
  }
}
