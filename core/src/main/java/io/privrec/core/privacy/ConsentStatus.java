package io.privrec.core.privacy;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.util.Arrays;
import java.util.Locale;

/** A customer's recorded decision for one {@link Purpose}. */
public enum ConsentStatus {
  /** She agreed (opt-in given, or opt-out revoked). */
  GRANTED,
  /** She refused or withdrew (opt-out, objection). */
  WITHDRAWN;

  /** The lower-case textual key, {@code "granted"} or {@code "withdrawn"}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a status from its name, case-insensitively.
   *
   * @throws IllegalArgumentException if {@code text} is neither {@code granted} nor {@code withdrawn}
   * @throws NullPointerException if {@code text} is null
   */
  public static ConsentStatus parse(String text) {
    requireNonNull(text, "status");
    String normalised = text.trim().toUpperCase(Locale.ROOT);
    for (ConsentStatus s : values()) {
      if (s.name().equals(normalised)) {
        return s;
      }
    }
    throw CorePreconditions.unknown("consent status", text, Arrays.stream(values()).map(ConsentStatus::key).toList());
  }
}
