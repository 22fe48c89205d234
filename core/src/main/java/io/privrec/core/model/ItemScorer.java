package io.privrec.core.model;

/**
 * A trained model in its scoring role: fills a dense score array over the catalogue, higher is
 * better. Items are the dense indices of the training data's {@link
 * io.privrec.core.data.IdIndex}.
 *
 * <p>Scores are finite floats; their scale is model-specific and only their order matters.
 * Implementations must be thread-safe for concurrent scoring (they are immutable after fitting).
 */
public interface ItemScorer {

  /** Number of items scored (the length every score array must have). */
  int numItems();

  /**
   * Scores every item for a training user.
   *
   * @param user a user index of the training data, in {@code [0, numUsers)}
   * @param scores output, length {@link #numItems()}; every entry is overwritten
   * @throws IndexOutOfBoundsException if {@code user} is out of range
   */
  void scoreUser(int user, float[] scores);

  /**
   * Scores every item for a profile that is not stored: an anonymous visitor's session or a new
   * customer. Nothing about the profile is retained after the call.
   *
   * @param items item indices of the profile (may be empty: then a non-personalised ranking)
   * @param weights weights aligned with {@code items}, finite and {@code > 0}
   * @param scores output, length {@link #numItems()}; every entry is overwritten
   */
  void scoreProfile(int[] items, float[] weights, float[] scores);
}
