package io.privrec.dp.internal;

import io.privrec.dp.noise.MechanismType;
import java.util.Collection;
import java.util.Objects;

/**
 * The argument checks of the DP packages, each rule said once. Every message names the parameter,
 * the rule and the provided value in one format, {@code "<name> <rule>. Provided value: <value>"},
 * e.g. {@code "epsilon must be finite and > 0. Provided value: NaN"}; intervals are written in
 * interval notation ({@code "delta must be in [0, 1)"}), and integral bounds without a fraction
 * ({@code "[0, 1]"}, not {@code "[0.0, 1.0]"}). Checks of values that may be private (record
 * values, positions of rows) name positions instead of quoting values.
 *
 * <p>All floating-point checks are written in accepting form ({@code !(x > 0)}), so NaN is
 * rejected by every check. Each method returns its argument so that it can be used inline in field
 * initialisers.
 *
 * <p><b>Not API</b>: public only for use by other {@code io.privrec} packages. Stateless and
 * thread-safe.
 */
public final class DpPreconditions {

  /**
   * The smallest ε a noise mechanism or aggregation accepts, 2<sup>-50</sup>: below it ε is
   * indistinguishable from 0 for every calibration here.
   */
  public static final double MIN_NOISE_EPSILON = 0x1p-50;

  private DpPreconditions() {}

  /**
   * The exception for a broken rule, with the message {@code "<name> <rule>. Provided value:
   * <value>"}. For checks that no method here states; the caller throws it.
   *
   * @param name the parameter, as the caller knows it
   * @param rule what the value must be, starting with "must", e.g. {@code "must be a power of 2"}
   * @param value the provided value; must not be private data
   * @return the exception, not thrown
   */
  public static IllegalArgumentException fail(String name, String rule, Object value) {
    return new IllegalArgumentException(name + " " + rule + ". Provided value: " + value);
  }

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
   * Checks the ε of a noise mechanism or aggregation, which must be at least {@link
   * #MIN_NOISE_EPSILON}.
   *
   * @return {@code epsilon}
   * @throws IllegalArgumentException unless {@code epsilon} is finite and {@code >= 2^-50}
   */
  public static double checkNoiseEpsilon(double epsilon) {
    if (!(epsilon >= MIN_NOISE_EPSILON && Double.isFinite(epsilon))) {
      throw fail("epsilon", "must be finite and >= 2^-50", epsilon);
    }
    return epsilon;
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
    return checkInRangeExcludingUpper(name, delta, 0, 1);
  }

  /**
   * Checks a δ-like parameter named {@code name} that must be strictly positive (e.g. the δ at
   * which an RDP or zCDP guarantee is converted).
   *
   * @return {@code delta}
   * @throws IllegalArgumentException unless {@code 0 < delta < 1}
   */
  public static double checkPositiveDelta(String name, double delta) {
    return checkInOpenRange(name, delta, 0, 1);
  }

  /**
   * Checks the δ of noise of the given type: Laplace-family noise (pure DP) needs {@code delta =
   * 0}, Gaussian-family noise needs {@code 0 < delta < 1}.
   *
   * @return {@code delta}
   * @throws IllegalArgumentException otherwise, naming the noise type
   */
  public static double checkDelta(double delta, MechanismType type) {
    boolean pure = type == MechanismType.LAPLACE || type == MechanismType.DISCRETE_LAPLACE;
    if (pure ? delta != 0 : !(delta > 0 && delta < 1)) {
      throw fail("delta", (pure ? "must be 0" : "must be in (0, 1)") + " for " + type + " noise", delta);
    }
    return delta;
  }

  /**
   * Checks the order α of a Rényi divergence.
   *
   * @return {@code order}
   * @throws IllegalArgumentException unless {@code order} is finite and {@code > 1}
   */
  public static double checkRenyiOrder(double order) {
    if (!(order > 1 && Double.isFinite(order))) {
      throw fail("order", "must be finite and > 1", order);
    }
    return order;
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
      throw fail(name, "must be finite and > 0", value);
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
    return checkAtLeast(name, value, 0);
  }

  /**
   * Checks that {@code value} is finite and {@code >= min}.
   *
   * @param min a finite bound
   * @return {@code value}
   * @throws IllegalArgumentException otherwise
   */
  public static double checkAtLeast(String name, double value, double min) {
    if (!(value >= min && Double.isFinite(value))) {
      throw fail(name, "must be finite and >= " + bound(min), value);
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
      throw fail(name, "must be finite", value);
    }
    return value;
  }

  /**
   * Checks that every element of {@code values} is finite, naming a bad one {@code name[i]}.
   *
   * @return {@code values}
   * @throws NullPointerException if {@code values} is null
   * @throws IllegalArgumentException otherwise
   */
  public static double[] checkFiniteElements(String name, double[] values) {
    checkNotNull(values, name);
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw fail(name + "[" + i + "]", "must be finite", values[i]);
      }
    }
    return values;
  }

  /**
   * Checks a probability that must lie in {@code (0, 1]}, such as a sampling rate.
   *
   * @return {@code probability}
   * @throws IllegalArgumentException unless {@code 0 < probability <= 1}
   */
  public static double checkProbability(String name, double probability) {
    return checkInRangeExcludingLower(name, probability, 0, 1);
  }

  /**
   * Checks that {@code value} lies in the closed interval {@code [lo, hi]}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise (always for NaN)
   */
  public static double checkInRange(String name, double value, double lo, double hi) {
    if (!(value >= lo && value <= hi)) {
      throw fail(name, "must be in [" + bound(lo) + ", " + bound(hi) + "]", value);
    }
    return value;
  }

  /**
   * Checks that {@code value} lies in the open interval {@code (lo, hi)}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise (always for NaN)
   */
  public static double checkInOpenRange(String name, double value, double lo, double hi) {
    if (!(value > lo && value < hi)) {
      throw fail(name, "must be in (" + bound(lo) + ", " + bound(hi) + ")", value);
    }
    return value;
  }

  /**
   * Checks that {@code value} lies in {@code [lo, hi)}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise (always for NaN)
   */
  public static double checkInRangeExcludingUpper(String name, double value, double lo, double hi) {
    if (!(value >= lo && value < hi)) {
      throw fail(name, "must be in [" + bound(lo) + ", " + bound(hi) + ")", value);
    }
    return value;
  }

  /**
   * Checks that {@code value} lies in {@code (lo, hi]}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise (always for NaN)
   */
  public static double checkInRangeExcludingLower(String name, double value, double lo, double hi) {
    if (!(value > lo && value <= hi)) {
      throw fail(name, "must be in (" + bound(lo) + ", " + bound(hi) + "]", value);
    }
    return value;
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
    return checkAtLeast(name, value, 1);
  }

  /**
   * Checks that a long parameter is {@code >= 1}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise
   */
  public static long checkPositive(String name, long value) {
    return checkAtLeast(name, value, 1);
  }

  /**
   * Checks that an integer parameter is {@code >= 0}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise
   */
  public static int checkNonNegative(String name, int value) {
    return checkAtLeast(name, value, 0);
  }

  /**
   * Checks that a long parameter is {@code >= 0}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise
   */
  public static long checkNonNegative(String name, long value) {
    return checkAtLeast(name, value, 0);
  }

  /**
   * Checks that an integer parameter is {@code >= min}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise
   */
  public static int checkAtLeast(String name, int value, int min) {
    if (value < min) {
      throw fail(name, "must be >= " + min, value);
    }
    return value;
  }

  /**
   * Checks that a long parameter is {@code >= min}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise
   */
  public static long checkAtLeast(String name, long value, long min) {
    if (value < min) {
      throw fail(name, "must be >= " + min, value);
    }
    return value;
  }

  /**
   * Checks that an integer parameter lies in {@code [lo, hi]}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise
   */
  public static int checkInRange(String name, int value, int lo, int hi) {
    if (value < lo || value > hi) {
      throw fail(name, "must be in [" + lo + ", " + hi + "]", value);
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
      throw fail(name, "is out of range: a derived quantity overflows", provided);
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
   * Checks that a collection is non-null, not empty and holds no null element. A null element is
   * named by its position only, as the other elements may be records' values (private).
   *
   * @return {@code values}
   * @throws NullPointerException if {@code values} is null
   * @throws IllegalArgumentException if it is empty or holds null
   */
  public static <C extends Collection<?>> C checkNonEmptyNoNulls(String name, C values) {
    checkNotNull(values, name);
    if (values.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    int position = 0;
    for (Object o : values) {
      if (o == null) {
        throw new IllegalArgumentException(name + " must not contain null, but the element at position "
            + position + " (in iteration order) is null");
      }
      position++;
    }
    return values;
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
      throw fail(name, "must not be blank", "\"" + label + "\"");
    }
    return label;
  }

  /**
   * Checks that a DP aggregation was not released yet: it may be released only once, and accepts
   * no entries afterwards.
   *
   * @throws IllegalStateException if {@code released}
   */
  public static void checkNotReleased(boolean released) {
    if (released) {
      throw new IllegalStateException("the result was already computed: a DP aggregation can be "
          + "released only once, and accepts no entries afterwards");
    }
  }

  /**
   * Names the first {@code max} rows whose code is flagged, e.g. {@code "rows 0, 4, 7 (and
   * more)"}, for messages that must name rows instead of quoting their (private) values.
   *
   * @param codeOfRow the code of each row
   * @param flagged whether each code is flagged; at least one row's code must be
   * @param max how many rows to name at most
   */
  public static String describeRows(int[] codeOfRow, boolean[] flagged, int max) {
    StringBuilder sb = new StringBuilder();
    int found = 0;
    for (int r = 0; r < codeOfRow.length; r++) {
      if (flagged[codeOfRow[r]]) {
        if (found == max) {
          return "rows " + sb + " (and more)";
        }
        sb.append(found > 0 ? ", " : "").append(r);
        found++;
      }
    }
    return (found == 1 ? "row " : "rows ") + sb;
  }

  /** A bound for a message: integral values without a fraction ({@code 1}, not {@code 1.0}). */
  private static String bound(double bound) {
    if (bound == Math.rint(bound) && Math.abs(bound) < 0x1p53) {
      return Long.toString((long) bound);
    }
    return Double.toString(bound);
  }
}
