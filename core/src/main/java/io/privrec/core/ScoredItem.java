package io.privrec.core;

import io.privrec.core.internal.CorePreconditions;

/**
 * One recommended item: its external id and the model's score (higher is better; only the order
 * within one list is meaningful).
 *
 * @param itemId the item's external id, non-empty
 * @param score the score, finite
 */
public record ScoredItem(String itemId, double score) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if {@code itemId} is empty or {@code score} is not finite
   */
  public ScoredItem {
    CorePreconditions.checkNotEmpty("itemId", itemId);
    CorePreconditions.checkFinite("score", score);
  }
}
