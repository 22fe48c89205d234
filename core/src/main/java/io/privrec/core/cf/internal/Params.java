package io.privrec.core.cf.internal;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Typed reading of an algorithm's {@code key=value} hyperparameters (as given on the command line),
 * with defaults and clear errors. Every read key is remembered; {@link #checkNoneUnknown()} then
 * rejects misspelled keys. Not thread-safe; use one instance per {@link
 * io.privrec.core.cf.Algorithms#create} call. Not API: the algorithms' public {@code
 * fromParams(Map)} wrap it.
 */
public final class Params {
  private final String algorithm;
  private final Map<String, String> values;
  private final Set<String> read = new LinkedHashSet<>();

  /**
   * Wraps raw parameters.
   *
   * @param algorithm the algorithm's name, used in error messages
   * @param values raw parameters; keys are matched case-sensitively
   */
  public Params(String algorithm, Map<String, String> values) {
    this.algorithm = requireNonNull(algorithm, "algorithm");
    this.values = new LinkedHashMap<>(requireNonNull(values, "values"));
  }

  /** The raw string value of {@code key}, or {@code defaultValue}. */
  public String string(String key, String defaultValue) {
    read.add(key);
    String v = values.get(key);
    return v == null ? defaultValue : v.trim();
  }

  /**
   * An integer in {@code [min, max]}.
   *
   * @throws IllegalArgumentException if the value is not an integer or out of range
   */
  public int integer(String key, int defaultValue, int min, int max) {
    String v = string(key, null);
    if (v == null) {
      return defaultValue;
    }
    int x;
    try {
      x = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(algorithm + " parameter " + key + " must be an integer. Provided value: '" + v + "'", e);
    }
    return CorePreconditions.checkInRange(algorithm + " parameter " + key, x, min, max);
  }

  /**
   * A finite number in {@code [min, max]}.
   *
   * @throws IllegalArgumentException if the value is not a finite number or out of range
   */
  public double number(String key, double defaultValue, double min, double max) {
    String v = string(key, null);
    if (v == null) {
      return defaultValue;
    }
    double x;
    try {
      x = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(algorithm + " parameter " + key + " must be a number. Provided value: '" + v + "'", e);
    }
    if (!(x >= min && x <= max)) {
      throw CorePreconditions.fail(algorithm + " parameter " + key, "must be finite and in [" + min + ", " + max + "]", v);
    }
    return x;
  }

  /**
   * One of the allowed words (case-insensitive), returned in lower case.
   *
   * @throws IllegalArgumentException if the value is not allowed
   */
  public String choice(String key, String defaultValue, String... allowed) {
    String v = string(key, null);
    if (v == null) {
      return defaultValue;
    }
    String lower = v.toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(lower)) {
        return a;
      }
    }
    throw CorePreconditions.fail(algorithm + " parameter " + key, "must be one of " + String.join("|", allowed), "'" + v + "'");
  }

  /**
   * A boolean ({@code true} or {@code false}).
   *
   * @throws IllegalArgumentException otherwise
   */
  public boolean bool(String key, boolean defaultValue) {
    String v = string(key, null);
    if (v == null) {
      return defaultValue;
    }
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw CorePreconditions.fail(algorithm + " parameter " + key, "must be true or false", "'" + v + "'");
  }

  /**
   * Rejects keys that were never read.
   *
   * @throws IllegalArgumentException naming the unknown keys and the known ones
   */
  public void checkNoneUnknown() {
    Set<String> unknown = new LinkedHashSet<>(values.keySet());
    unknown.removeAll(read);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown " + algorithm + " parameter(s) " + unknown + "; known: " + read);
    }
  }
}
