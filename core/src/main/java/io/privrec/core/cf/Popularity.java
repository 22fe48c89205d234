package io.privrec.core.cf;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.Params;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.FitListener;
import java.util.Map;

/**
 * The most-popular baseline: every item is scored by the number of distinct users who interacted
 * with it in the training data (weights ignored), the same for every user and visitor; the facade
 * then removes what the user has already seen.
 *
 * <p>No hyperparameters. Fit cost O(interactions); scoring O(items); erasing customers costs
 * O(their interactions + items) ({@link PopularityModel#forget}). The fitted model holds item counts only.
 * Immutable and thread-safe.
 */
public final class Popularity implements Algorithm {

  private Popularity() {}

  /** Creates the algorithm. */
  public static Popularity create() {
    return new Popularity();
  }

  /**
   * Factory for {@link Algorithms}: accepts no parameters.
   *
   * @throws IllegalArgumentException if {@code params} holds any key
   */
  public static Algorithm fromParams(Map<String, String> params) {
    new Params("popularity", params).checkNoneUnknown();
    return create();
  }

  @Override
  public String name() {
    return "popularity";
  }

  @Override
  public Map<String, String> parameters() {
    return Map.of();
  }

  @Override
  public PopularityModel fit(InteractionMatrix train, FitListener listener) {
    requireNonNull(train, "train");
    requireNonNull(listener, "listener");
    PopularityModel model = new PopularityModel(train.items(), train.itemCounts());
    listener.progress("counted items", 1.0);
    return model;
  }

  /**
   * Fits from item counts computed elsewhere (for example by a cluster): the model indexes {@code
   * counts.items()} and scores each item by its count. For the unbounded counts of a matrix
   * ({@link ItemCounts#of(InteractionMatrix)}, or the same counts computed elsewhere) the model is
   * bit for bit the one {@link #fit(InteractionMatrix, FitListener)} gives on that matrix. Bounded
   * counts are used as given.
   *
   * @throws IllegalArgumentException if a count exceeds {@link Integer#MAX_VALUE} (the model
   *     stores {@code int} counts)
   * @throws NullPointerException if {@code counts} is null
   */
  public PopularityModel fit(ItemCounts counts) {
    requireNonNull(counts, "counts");
    int[] narrow = new int[counts.numItems()];
    for (int i = 0; i < narrow.length; i++) {
      long c = counts.count(i);
      if (c > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("item counts must be <= " + Integer.MAX_VALUE + " for a popularity model."
            + " Provided value: " + c);
      }
      narrow[i] = (int) c;
    }
    return new PopularityModel(counts.items(), narrow);
  }
}
