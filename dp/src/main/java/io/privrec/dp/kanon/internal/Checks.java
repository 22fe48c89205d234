package io.privrec.dp.kanon.internal;

import java.util.Collection;
import java.util.Objects;

/**
 * Argument checks for the k-anonymity package. Every message names the parameter, the rule and the
 * offending value. Not part of the public API.
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
    for (Object o : values) {
      if (o == null) {
        throw new IllegalArgumentException(name + " must not contain null. Provided value: " + values);
      }
    }
    return values;
  }

  /** Describes at most {@code max} elements of a collection, for error messages. */
  public static String firstFew(Collection<?> values, int max) {
    StringBuilder sb = new StringBuilder("[");
    int i = 0;
    for (Object v : values) {
      if (i == max) {
        sb.append(", … (").append(values.size() - max).append(" more)");
        break;
      }
      if (i > 0) {
        sb.append(", ");
      }
      sb.append('\'').append(v).append('\'');
      i++;
    }
    return sb.append(']').toString();
  }
}
