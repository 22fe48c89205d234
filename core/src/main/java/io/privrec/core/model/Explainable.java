package io.privrec.core.model;

/**
 * A model that can say which of a customer's own items made it recommend an item (see {@link
 * Explanation}). Implemented by the fitted models of item-kNN, EASE and iALS; check with {@code
 * scorer instanceof Explainable}.
 *
 * <p>For a training customer pass her row of the training data ({@link
 * io.privrec.core.data.InteractionMatrix#rowItems}, {@link
 * io.privrec.core.data.InteractionMatrix#rowWeights}). Explanations use only the given profile and the model; nothing is retained. Implementations
 * are thread-safe (fitted models are immutable).
 */
public interface Explainable {

  /**
   * Explains the score of {@code item} for a profile.
   *
   * @param profileItems item indices of the profile, distinct, in {@code [0, numItems)}
   * @param weights weights aligned with {@code profileItems}, finite and {@code > 0}
   * @param item the recommended item, in {@code [0, numItems)}
   * @param maxReasons the most reasons to return, {@code >= 0}
   * @return the explanation; empty reasons if no profile item contributes positively
   * @throws IllegalArgumentException if an index is out of range or repeated, a weight is not
   *     finite and positive, the arrays differ in length, or {@code maxReasons < 0}
   */
  Explanation explain(int[] profileItems, float[] weights, int item, int maxReasons);
}
