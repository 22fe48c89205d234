package io.privrec.dp.kanon.internal;

import java.util.Collection;
import java.util.Objects;

/**
 * Argument checks for the k-anonymity package. Every message names the parameter, the rule and the
 * offending value when it is configuration; record values (private) are named by row or position
 * instead. Not part of the public API.
 */
public final class Checks {
  private Checks() {}

  /** Throws {@link NullPointerException} naming {@code name} if {@code value} is null. */
  public static <T> T notNull(T value, String name) {
    return Objects.requireNonNull(value, name);
  }

  /** Requires {@code value >= min}. */
  public static int atLeast(int value, int min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ". Provided value: " + value);
    }
    return value;
  }

  /** Requires a finite {@code value} in {@code [lo, hi]}. */
  public static double inClosedRange(double value, double lo, double hi, String name) {
    if (!(lo <= value && value <= hi)) {
      throw new IllegalArgumentException(
          name + " must be in [" + lo + ", " + hi + "]. Provided value: " + value);
    }
    return value;
  }

  /** Requires a finite {@code value > 0}. */
  public static double positiveFinite(double value, String name) {
    if (!(value > 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(name + " must be finite and > 0. Provided value: " + value);
    }
    return value;
  }

  /** Requires a finite {@code value >= min}. */
  public static double finiteAtLeast(double value, double min, String name) {
    if (!(value >= min && Double.isFinite(value))) {
      throw new IllegalArgumentException(
          name + " must be finite and >= " + min + ". Provided value: " + value);
    }
    return value;
  }

  /** Requires a non-empty collection without null elements. */
  public static <C extends Collection<?>> C nonEmptyNoNulls(C values, String name) {
    Objects.requireNonNull(values, name);
    if (values.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    int position = 0;
    for (Object o : values) {
      if (o == null) {
        // Position only: the other elements may be records' values (private).
        throw new IllegalArgumentException(name + " must not contain null, but the element at position " + position
            + " (in iteration order) is null");
      }
      position++;
    }
    return values;
  }

  /**
   * Names the first {@code max} rows whose code is flagged in {@code flagged}, e.g. {@code "rows 0,
   * 4, 7 (and more)"}, for error messages that must not quote record values.
   */
  public static String firstRows(int[] codeOfRow, boolean[] flagged, int max) {
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
}
