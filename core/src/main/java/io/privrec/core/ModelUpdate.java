package io.privrec.core;

/** How a model took an erasure into account (see {@link PrivateRecommender#forget}). */
public enum ModelUpdate {
  /**
   * The model now equals, up to floating-point rounding, a model trained without the erased
   * customers: popularity (counts decremented; bit for bit), item-kNN (co-occurrence statistics
   * decremented; bit for bit with binary or integer values) and EASE (inverse downdated; weights
   * within a few units in the last place of single precision).
   */
  EXACT,
  /**
   * The erased customers' factors are deleted and every item's factors were re-solved without
   * them (one exact alternating half-step, iALS); other customers' factors still carry a trace of
   * their data until the next full retrain, which is recommended.
   */
  APPROXIMATE_RETRAIN_RECOMMENDED,
  /**
   * Differentially private model: her data is deleted and no longer used for her own
   * recommendations; the published model is kept, because its (ε, δ) guarantee already bounds what
   * it can reveal about her (it is distributed almost as if she had never been in the data).
   */
  DIFFERENTIALLY_PRIVATE_UNCHANGED
}
