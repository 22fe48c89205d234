package io.privrec.core.model;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.util.Arrays;

/**
 * Why a model recommends an item: the items of the customer's own profile that contributed most
 * to its score, with their contributions, largest first.
 *
 * <p>For the linear item-to-item models (item-kNN, EASE) a profile item's contribution is exactly
 * its term in the score, {@code weight(j) · similarity(j → item)}; models with latent factors
 * define it in their own documentation (for iALS, the item-based decomposition of Hu, Koren and
 * Volinsky 2008, §5). Only positive contributions are reasons; {@link #score()} is the full score,
 * which also includes contributions too small or negative to be listed.
 *
 * <p>Example: {@code Explanation[item=17, score=0.93, reasons=[4, 9], contributions=[0.61,
 * 0.32]]} reads "item 17 is recommended mostly because of items 4 and 9".
 *
 * <p>Immutable value: arrays are copied in and out; equality compares array contents.
 *
 * @param item the explained item index, {@code >= 0}
 * @param score the model's score of {@code item} for the profile, finite
 * @param reasons profile item indices, each {@code >= 0}, distinct, ordered by decreasing
 *     contribution (ties by lower index)
 * @param contributions contributions aligned with {@code reasons}, finite and {@code > 0},
 *     non-increasing
 */
public record Explanation(int item, float score, int[] reasons, float[] contributions) {

  /**
   * Validates and copies the arrays.
   *
   * @throws IllegalArgumentException if a value is out of range, the arrays differ in length, a
   *     reason repeats, or the order is not by decreasing contribution
   */
  public Explanation {
    CorePreconditions.checkNonNegative("item", item);
    CorePreconditions.checkFinite("score", score);
    reasons = requireNonNull(reasons, "reasons").clone();
    contributions = requireNonNull(contributions, "contributions").clone();
    CorePreconditions.checkSameLength("reasons", reasons.length, "contributions", contributions.length);
    CorePreconditions.checkNonNegativeElements("reasons", reasons);
    CorePreconditions.checkPositiveElements("contributions", contributions);
    for (int k = 1; k < reasons.length; k++) {
      CorePreconditions.checkArgument(ranksBefore(contributions[k - 1], reasons[k - 1], contributions[k], reasons[k]),
          "reasons must be ordered by decreasing contribution, then increasing index; violated at position %s", k);
    }
    int[] sorted = reasons.clone();
    Arrays.sort(sorted);
    for (int k = 1; k < sorted.length; k++) {
      CorePreconditions.checkArgument(sorted[k] != sorted[k - 1], "reasons must be distinct; repeated item %s",
          sorted[k]);
    }
  }

  /**
   * Builds an explanation from every profile item's contribution: keeps the {@code maxReasons}
   * largest positive ones.
   *
   * @param item the explained item
   * @param score the model's score of {@code item}
   * @param candidates profile item indices (distinct, {@code >= 0})
   * @param contributions contribution of each candidate, aligned; NaN, non-positive and infinite
   *     values are never reasons
   * @param maxReasons the most reasons to keep, {@code >= 0}
   * @throws IllegalArgumentException if {@code maxReasons < 0}, the arrays differ in length, or a
   *     kept value is invalid (see the constructor)
   */
  public static Explanation ofTop(int item, float score, int[] candidates, float[] contributions, int maxReasons) {
    requireNonNull(candidates, "candidates");
    requireNonNull(contributions, "contributions");
    CorePreconditions.checkNonNegative("maxReasons", maxReasons);
    CorePreconditions.checkSameLength("candidates", candidates.length, "contributions", contributions.length);
    // Selection sort over at most maxReasons positions: profiles are short and maxReasons small.
    int[] order = new int[candidates.length];
    int n = 0;
    for (int k = 0; k < candidates.length; k++) {
      float c = contributions[k];
      if (c > 0 && Float.isFinite(c)) {
        order[n++] = k;
      }
    }
    int kept = Math.min(n, maxReasons);
    for (int a = 0; a < kept; a++) {
      int best = a;
      for (int b = a + 1; b < n; b++) {
        int x = order[b];
        int y = order[best];
        if (ranksBefore(contributions[x], candidates[x], contributions[y], candidates[y])) {
          best = b;
        }
      }
      int t = order[a];
      order[a] = order[best];
      order[best] = t;
    }
    int[] reasons = new int[kept];
    float[] values = new float[kept];
    for (int a = 0; a < kept; a++) {
      reasons[a] = candidates[order[a]];
      values[a] = contributions[order[a]];
    }
    return new Explanation(item, score, reasons, values);
  }

  private static boolean ranksBefore(float c1, int i1, float c2, int i2) {
    return c1 > c2 || (c1 == c2 && i1 < i2);
  }

  /** The reasons (a copy). */
  @Override
  public int[] reasons() {
    return reasons.clone();
  }

  /** The contributions (a copy). */
  @Override
  public float[] contributions() {
    return contributions.clone();
  }

  /** Number of reasons. */
  public int size() {
    return reasons.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Explanation
        && item == ((Explanation) o).item
        && Float.compare(score, ((Explanation) o).score) == 0
        && Arrays.equals(reasons, ((Explanation) o).reasons)
        && Arrays.equals(contributions, ((Explanation) o).contributions);
  }

  @Override
  public int hashCode() {
    return ((31 * item + Float.hashCode(score)) * 31 + Arrays.hashCode(reasons)) * 31 + Arrays.hashCode(contributions);
  }

  @Override
  public String toString() {
    return "Explanation[item=" + item + ", score=" + score + ", reasons=" + Arrays.toString(reasons)
        + ", contributions=" + Arrays.toString(contributions) + "]";
  }
}
