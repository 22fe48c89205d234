package io.privrec.core.model;

/**
 * A fitted model of a {@link PrivateAlgorithm}: what it releases is differentially private, and
 * it reports the guarantee of the fit that released it, also after being saved and loaded. A
 * private model holds no method that reads training data again or charges a budget: updating it
 * means a new fit, charged anew. Implementations are immutable and thread-safe.
 */
public interface PrivateModel extends ItemScorer {

  /** The guarantee of the fit that released this model. */
  PrivacyGuarantee guarantee();
}
