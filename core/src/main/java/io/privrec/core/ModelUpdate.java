package io.privrec.core;

/** How a model took an erasure into account (see {@link PrivateRecommender#forget}). */
public enum ModelUpdate {
  /**
   * The model now equals, up to floating-point summation order, a model trained without the erased
   * customers: popularity, item-kNN (co-occurrence counts decremented) and EASE (refitted).
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
