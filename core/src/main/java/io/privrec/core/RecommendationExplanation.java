package io.privrec.core;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.util.List;
import java.util.Optional;

/**
 * Why an item is recommended: the customer's (or the session's) own items that contributed most
 * to its score, each with its contribution, largest first, and — when her cohort's popularity took
 * part — the cohort, so a shop can say "popular with customers in the North-West". Immutable.
 *
 * @param itemId the explained item
 * @param score the score the item is ranked by (finite): the model's score, or with cohorts the
 *     blended score described in {@link CohortOptions}
 * @param reasons contributing profile items as (item id, contribution), contributions {@code > 0},
 *     non-increasing; empty when the model cannot attribute the score (popularity, private models)
 *     or the ranking is her cohort's alone
 * @param cohort the cohort whose popularity took part, described by its public definition (e.g.
 *     {@code "region North-West, age-band 25-34"}; {@code "all customers"} when nothing narrows it
 *     down); empty when no cohort took part
 */
public record RecommendationExplanation(String itemId, double score, List<ScoredItem> reasons,
    Optional<String> cohort) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if {@code score} is not finite
   */
  public RecommendationExplanation {
    requireNonNull(itemId, "itemId");
    CorePreconditions.checkFinite("score", score);
    reasons = List.copyOf(requireNonNull(reasons, "reasons"));
    requireNonNull(cohort, "cohort");
  }

  /** An explanation without a cohort. */
  public RecommendationExplanation(String itemId, double score, List<ScoredItem> reasons) {
    this(itemId, score, reasons, Optional.empty());
  }
}
