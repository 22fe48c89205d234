package io.privrec.core.privacy.internal;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Argument checks shared by the privacy package, with messages naming parameter, rule and value. */
public final class PrivacyChecks {
  /** Longest accepted customer id, source or reason, in chars. */
  public static final int MAX_TEXT_LENGTH = 1024;

  private PrivacyChecks() {}

  /**
   * Checks that {@code value} is non-null, not blank and at most {@link #MAX_TEXT_LENGTH} chars.
   *
   * @param name the parameter name for messages
   * @return {@code value}
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if it is blank or too long
   */
  public static String checkText(String value, String name) {
    requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be empty or blank. Provided length: " + value.length());
    }
    if (value.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException(name + " must be at most " + MAX_TEXT_LENGTH
          + " characters long. Provided length: " + value.length());
    }
    return value;
  }

  /**
   * Checks every element of {@code values} as {@link #checkText} does, naming a bad one by its
   * position ({@code name[i]}), never by its value.
   *
   * @param name the parameter name for messages, e.g. {@code "customerIds"}
   * @return an immutable copy of the values, in iteration order
   * @throws NullPointerException if {@code values} or an element is null
   * @throws IllegalArgumentException if an element is blank or too long
   */
  public static List<String> checkTexts(Collection<String> values, String name) {
    requireNonNull(values, name);
    List<String> copy = new ArrayList<>(values);
    for (int i = 0; i < copy.size(); i++) {
      checkText(copy.get(i), name + "[" + i + "]");
    }
    return List.copyOf(copy);
  }

  /**
   * Checks that no value occurs twice in {@code values}, naming positions only.
   *
   * @param name the parameter name for messages
   * @throws IllegalArgumentException {@code "name[j] repeats name[i]"} for the first repetition
   */
  public static void checkDistinct(List<String> values, String name) {
    Map<String, Integer> seen = new HashMap<>(values.size() * 2);
    for (int i = 0; i < values.size(); i++) {
      Integer first = seen.putIfAbsent(values.get(i), i);
      if (first != null) {
        throw new IllegalArgumentException(name + "[" + i + "] repeats " + name + "[" + first
            + "]: each customer may appear once (the id is not repeated here)");
      }
    }
  }
}
