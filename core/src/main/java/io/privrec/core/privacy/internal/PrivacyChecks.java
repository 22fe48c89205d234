package io.privrec.core.privacy.internal;

import static java.util.Objects.requireNonNull;

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
}
