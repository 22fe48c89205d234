package io.privrec.core;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Why an item is recommended: the customer's (or the session's) own items that contributed most
 * to its score, each with its contribution, largest first. Immutable.
 *
 * @param itemId the explained item
 * @param score the model's score of the item (finite)
 * @param reasons contributing profile items as (item id, contribution), contributions {@code > 0},
 *     non-increasing; empty when the model cannot attribute the score (popularity, private models)
 */
public record RecommendationExplanation(String itemId, double score, List<ScoredItem> reasons) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if {@code score} is not finite
   */
  public RecommendationExplanation {
    requireNonNull(itemId, "itemId");
    if (!Double.isFinite(score)) {
      throw new IllegalArgumentException("score must be finite. Provided value: " + score);
    }
    reasons = List.copyOf(requireNonNull(reasons, "reasons"));
  }
}
