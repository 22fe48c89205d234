package io.privrec.core.model;

import static java.util.Objects.requireNonNull;

/**
 * How a model took an erasure into account ({@link ItemScorer#forget}). Whatever the value, the
 * model holds nothing of the erased customers afterwards but, where stated, their trace in
 * aggregate statistics: no row, factor or cohort of theirs is kept, because a fitted model holds
 * item-side statistics only.
 */
public enum ModelUpdate {
  /**
   * The model now equals, up to floating-point rounding, a model trained without the erased
   * customers: popularity (counts decremented; bit for bit), item-kNN (co-occurrence statistics
   * decremented; bit for bit with binary or integer values) and EASE (inverse downdated; weights
   * within a few units in the last place of single precision).
   */
  EXACT,
  /**
   * Every item's factors were re-solved without the erased customers (one exact alternating step,
   * iALS); the item factors still carry a trace of their data through the other customers' fold-in
   * until the next full retrain, which is recommended.
   */
  APPROXIMATE_RETRAIN_RECOMMENDED,
  /**
   * Differentially private model: the release is kept, because its (ε, δ) guarantee already bounds
   * what it can reveal about her (it is distributed almost as if she had never been in the data),
   * and nothing of hers is left in the shop's copy of the model (it holds the release only). Her own
   * data is deleted where the shop keeps it, so she is no longer scored from it.
   */
  RELEASE_KEPT;

  /** A model after an erasure and how it was updated. */
  public record Result(ItemScorer model, ModelUpdate update) {
    /** Checks both are present. */
    public Result {
      requireNonNull(model, "model");
      requireNonNull(update, "update");
    }
  }
}
