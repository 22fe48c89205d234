package io.privrec.core.model;

import io.privrec.core.data.IdIndex;

/**
 * A fitted model in its two roles: scoring profiles over its items, and taking erased customers
 * into account.
 *
 * <p>A model holds item-side statistics only: no customer's row, factors or cohort. Every
 * customer — a known one, a new one, an anonymous visitor — is scored from a profile (her own
 * interactions, which the caller holds) against the model, with fold-in where the algorithm needs
 * it. Items are the dense indices of {@link #items()}, the ids the model was fitted on (for a model
 * fitted through the facade, the shop's public catalogue).
 *
 * <p>Scores are finite floats, or {@code -∞} for an item the model must never list; their scale is
 * model-specific and only their order matters. Implementations are immutable and thread-safe for
 * concurrent scoring.
 */
public interface ItemScorer {

  /** The item ids scored, in index order; {@code items().size() == numItems()}. */
  IdIndex items();

  /** Number of items scored (the length every score array must have); {@code items().size()}. */
  default int numItems() {
    return items().size();
  }

  /**
   * Scores every item for a profile: a customer's own interactions, an anonymous visitor's
   * session or a new customer's first items. Nothing about the profile is retained after the call.
   *
   * @param items item indices of the profile, distinct (may be empty: then a non-personalised
   *     ranking)
   * @param weights weights aligned with {@code items}, finite and {@code > 0}
   * @param scores output, length {@link #numItems()}; every entry is overwritten
   */
  void scoreProfile(int[] items, float[] weights, float[] scores);

  /**
   * How many of a profile's items this model holds statistics about, i.e. how many its scores for
   * the profile can draw on. The facade weighs a customer's own ranking against her cohort's by
   * this number ({@code CohortOptions}), so that items the model cannot read do not count as
   * history. The default is every item of the profile; a model whose statistics cover only some
   * items (DP-EASE's privately selected candidates) counts those. Nothing about the profile is
   * retained.
   *
   * @param items item indices of the profile, distinct, in {@code [0, numItems())}
   * @return a number in {@code [0, items.length]}
   */
  default int describedItems(int[] items) {
    return items.length;
  }

  /**
   * The model after the erasure of customers, and how it was updated. The receiver is unchanged.
   * Exact models subtract the erased rows (read from {@link Erasure#before()}); approximate ones
   * re-solve from {@link Erasure#after()}; a differentially private model keeps its release
   * ({@link ModelUpdate#RELEASE_KEPT}), having nothing of hers to delete. Cost proportional to the
   * erased customers' data where the model allows it.
   *
   * @throws IllegalArgumentException if the erasure's data is not indexed like this model
   */
  ModelUpdate.Result forget(Erasure erasure);
}
