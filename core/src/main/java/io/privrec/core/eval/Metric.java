package io.privrec.core.eval;

/**
 * The ranking metrics computed by {@link Evaluator}, with their result keys.
 *
 * <h2>Definitions</h2>
 * For one evaluated user: {@code T} is her set of test items ({@code |T| >= 1}); the ranking is
 * the full catalogue ordered by score (higher first, equal scores by lower item index), with her
 * training items and items scored NaN or −∞ removed; {@code rel(r)} is 1 if the item at rank
 * {@code r} (1-based) is in {@code T}, else 0; {@code hits@K = Σ_{r ≤ K} rel(r)}. When fewer than
 * {@code K} items can be ranked, missing ranks count as misses. Each per-user value lies in
 * {@code [0, 1]}; the reported value is the mean over evaluated users (users with at least one
 * test item), except {@link #COVERAGE}, which is computed over all of them at once.
 *
 * <p>Thread-safe (an enum).
 */
public enum Metric {
  /** {@code precision@K = hits@K / K}. */
  PRECISION("precision", true),
  /** {@code recall@K = hits@K / |T|}. */
  RECALL("recall", true),
  /**
   * {@code recall_truncated@K = hits@K / min(K, |T|)}: reaches 1 whenever the list is as good as
   * it can be, also for users with more than {@code K} test items.
   */
  RECALL_TRUNCATED("recall_truncated", true),
  /**
   * Normalised discounted cumulative gain with binary relevance: {@code DCG@K = Σ_{r ≤ K} rel(r) /
   * log2(r + 1)}, {@code IDCG@K = Σ_{r ≤ min(K, |T|)} 1 / log2(r + 1)}, {@code ndcg@K = DCG@K /
   * IDCG@K}.
   */
  NDCG("ndcg", true),
  /**
   * Mean average precision truncated at K: {@code AP@K = (1 / min(K, |T|)) · Σ_{r ≤ K} rel(r) ·
   * hits@r / r} (precision at each relevant rank, normalised by the most hits possible in K ranks),
   * averaged over users.
   */
  MAP("map", true),
  /** {@code hitrate@K = 1 if hits@K > 0, else 0}. */
  HITRATE("hitrate", true),
  /**
   * Mean reciprocal rank over the FULL ranking (no cutoff): {@code 1 / r*} where {@code r*} is the
   * rank of the best-ranked test item, or 0 if no test item can be ranked (all scored NaN or −∞).
   */
  MRR("mrr", false),
  /**
   * Catalogue coverage: the number of distinct items that appear in at least one evaluated user's
   * top {@code K}, divided by the number of items in the catalogue (including items nobody
   * interacted with).
   */
  COVERAGE("coverage", true);

  private final String prefix;
  private final boolean hasCutoff;

  Metric(String prefix, boolean hasCutoff) {
    this.prefix = prefix;
    this.hasCutoff = hasCutoff;
  }

  /** True for the metrics measured at a cutoff K (all but {@link #MRR}). */
  public boolean hasCutoff() {
    return hasCutoff;
  }

  /**
   * The result key, e.g. {@code "ndcg@10"}; {@code "mrr"} for {@link #MRR}, whatever the cutoff.
   *
   * @param cutoff the cutoff K, {@code >= 1}
   * @throws IllegalArgumentException if {@code cutoff < 1}
   */
  public String key(int cutoff) {
    Evaluator.checkCutoff(cutoff);
    return hasCutoff ? prefix + "@" + cutoff : prefix;
  }
}
