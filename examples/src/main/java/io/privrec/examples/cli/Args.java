package io.privrec.examples.cli;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed command-line options of the form {@code --name value}, {@code --name=value} and flags
 * {@code --name}; options may repeat ({@code --param a=1 --param b=2}).
 *
 * <p>Every accessor marks the option as used; {@link #checkAllUsed()} then rejects unknown or
 * misspelled options with a message naming them. Not thread-safe.
 */
public final class Args {
  private final Map<String, List<String>> options;
  private final List<String> positional;
  private final Set<String> used = new LinkedHashSet<>();

  private Args(Map<String, List<String>> options, List<String> positional) {
    this.options = options;
    this.positional = positional;
  }

  /**
   * Parses {@code argv}. A token {@code --x} followed by a token not starting with {@code --} is an
   * option with a value; otherwise it is a flag (value {@code "true"}).
   *
   * @throws IllegalArgumentException for an empty option name such as {@code --} or {@code --=v}
   */
  public static Args parse(List<String> argv) {
    requireNonNull(argv, "argv");
    Map<String, List<String>> options = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < argv.size(); i++) {
      String token = requireNonNull(argv.get(i), "argv element");
      if (!token.startsWith("--")) {
        positional.add(token);
        continue;
      }
      String body = token.substring(2);
      String name;
      String value;
      int eq = body.indexOf('=');
      if (eq >= 0) {
        name = body.substring(0, eq);
        value = body.substring(eq + 1);
      } else if (i + 1 < argv.size() && !argv.get(i + 1).startsWith("--")) {
        name = body;
        value = argv.get(++i);
      } else {
        name = body;
        value = "true";
      }
      if (name.isEmpty()) {
        throw new IllegalArgumentException("empty option name in argument '" + token + "'");
      }
      options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return new Args(options, positional);
  }

  /** True if {@code --name} was given (as a flag or with a value). */
  public boolean has(String name) {
    used.add(name);
    return options.containsKey(name);
  }

  /** True if {@code --name} was given as a flag or with value {@code true}. */
  public boolean flag(String name) {
    used.add(name);
    List<String> values = options.get(name);
    if (values == null) {
      return false;
    }
    String v = values.get(values.size() - 1);
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw new IllegalArgumentException("--" + name + " is a flag: expected no value, 'true' or 'false', got '" + v + "'");
  }

  /** The last value of {@code --name}, or {@code defaultValue} if absent. */
  public String get(String name, String defaultValue) {
    used.add(name);
    List<String> values = options.get(name);
    return values == null ? defaultValue : values.get(values.size() - 1);
  }

  /**
   * The last value of {@code --name}.
   *
   * @throws IllegalArgumentException if the option is missing
   */
  public String require(String name) {
    String v = get(name, null);
    if (v == null) {
      throw new IllegalArgumentException("missing required option --" + name);
    }
    return v;
  }

  /** All values of a repeatable option, in order; empty if absent. */
  public List<String> all(String name) {
    used.add(name);
    return Collections.unmodifiableList(options.getOrDefault(name, List.of()));
  }

  /**
   * The value of {@code --name} as an int, or {@code defaultValue} if absent.
   *
   * @throws IllegalArgumentException if the value is not an integer
   */
  public int getInt(String name, int defaultValue) {
    String v = get(name, null);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer. Provided value: '" + v + "'", e);
    }
  }

  /**
   * The value of {@code --name} as a long, or {@code defaultValue} if absent.
   *
   * @throws IllegalArgumentException if the value is not an integer
   */
  public long getLong(String name, long defaultValue) {
    String v = get(name, null);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer. Provided value: '" + v + "'", e);
    }
  }

  /**
   * The value of {@code --name} as a finite double, or {@code defaultValue} if absent.
   *
   * @throws IllegalArgumentException if the value is not a finite number
   */
  public double getDouble(String name, double defaultValue) {
    String v = get(name, null);
    if (v == null) {
      return defaultValue;
    }
    double d;
    try {
      d = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number. Provided value: '" + v + "'", e);
    }
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("--" + name + " must be finite. Provided value: '" + v + "'");
    }
    return d;
  }

  /**
   * Parses repeated {@code key=value} pairs of option {@code name} (e.g. {@code --param k=v}).
   *
   * @throws IllegalArgumentException for a pair without {@code =} or a repeated key
   */
  public Map<String, String> keyValues(String name) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String pair : all(name)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--" + name + " expects key=value. Provided value: '" + pair + "'");
      }
      String key = pair.substring(0, eq).trim();
      if (result.put(key, pair.substring(eq + 1).trim()) != null) {
        throw new IllegalArgumentException("--" + name + " key '" + key + "' given twice");
      }
    }
    return result;
  }

  /** Positional (non-option) arguments. */
  public List<String> positional() {
    return Collections.unmodifiableList(positional);
  }

  /**
   * Rejects options that no accessor asked for.
   *
   * @throws IllegalArgumentException naming the unknown options
   */
  public void checkAllUsed() {
    List<String> unknown = new ArrayList<>();
    for (String name : options.keySet()) {
      if (!used.contains(name)) {
        unknown.add("--" + name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown option(s): " + String.join(", ", unknown));
    }
  }
}
