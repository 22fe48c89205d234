package io.privrec.core.privacy;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a customer's data may be used for; consent is given or withdrawn per purpose.
 *
 * <p>Textual forms (for configuration files, command lines and exports) are the lower-case names
 * with underscores or hyphens, e.g. {@code "model_training"} or {@code "model-training"}; see
 * {@link #parse(String)} and {@link #key()}.
 */
public enum Purpose {
  /** Recommendations computed for this customer from her own history. */
  PERSONALISATION,
  /**
   * Use of her interactions in aggregate statistics and in training models that serve everyone
   * (popularity counts, item similarities, factor models).
   */
  MODEL_TRAINING,
  /** Assignment to customer segments for marketing campaigns. */
  SEGMENT_MARKETING,
  /**
   * Use of her location and the other customer attributes the shop names for cohorts (e.g. region
   * and age band): placing her in a k-anonymous cohort, counting her interactions in that cohort's
   * statistics, and ranking items for her by what her cohort likes.
   */
  LOCATION_PERSONALISATION;

  /** The lower-case textual key, e.g. {@code "model_training"}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a purpose from its name, case-insensitively, accepting {@code '-'} for {@code '_'}.
   *
   * @param text e.g. {@code "personalisation"}, {@code "MODEL_TRAINING"}, {@code "segment-marketing"}
   * @throws IllegalArgumentException if {@code text} names no purpose (the message lists the valid
   *     ones)
   * @throws NullPointerException if {@code text} is null
   */
  public static Purpose parse(String text) {
    requireNonNull(text, "purpose");
    String normalised = text.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    for (Purpose p : values()) {
      if (p.name().equals(normalised)) {
        return p;
      }
    }
    throw CorePreconditions.unknown("purpose", text, Arrays.stream(values()).map(Purpose::key).toList());
  }
}
