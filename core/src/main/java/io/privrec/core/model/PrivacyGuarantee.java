package io.privrec.core.model;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import io.privrec.dp.budget.PrivacyBudget;

/**
 * What a fitted differentially private model cost and what it protects: the algorithm, the total
 * (ε, δ) its fit charged (the composition of its ledger entries is at most this), and the
 * mechanisms used. The privacy unit is always {@value #PRIVACY_UNIT} and neighbouring data sets
 * differ by {@value #NEIGHBOURING} (see {@link PrivateAlgorithm}). A model saved and loaded again
 * reports the guarantee of the fit that released it: loading spends nothing (post-processing).
 *
 * @param algorithm the algorithm's name, e.g. {@code dp-ease}; non-empty
 * @param budget the (ε, δ) of the fit
 * @param mechanism the mechanisms of the release, e.g. {@code analytic-gaussian}; non-empty
 * @param insecureRandomSource true if the fit drew from the seeded insecure test source: the
 *     guarantee then does <b>not</b> hold ({@link #holds()} is false)
 */
public record PrivacyGuarantee(String algorithm, PrivacyBudget budget, String mechanism,
    boolean insecureRandomSource) {
  /** The privacy unit of every private recommender. */
  public static final String PRIVACY_UNIT = "one customer and all her interactions";
  /** The neighbouring relation of every private recommender. */
  public static final String NEIGHBOURING = "adding or removing one customer";

  /**
   * Validates.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if {@code algorithm} or {@code mechanism} is empty
   */
  public PrivacyGuarantee {
    CorePreconditions.checkNotEmpty("algorithm", algorithm);
    requireNonNull(budget, "budget");
    CorePreconditions.checkNotEmpty("mechanism", mechanism);
  }

  /** Whether the (ε, δ) guarantee holds: false for a fit with the insecure test source. */
  public boolean holds() {
    return !insecureRandomSource;
  }

  /** One line for a privacy notice, e.g. {@code dp-ease: (1.0, 1.0E-6)-DP per customer, analytic-gaussian}. */
  @Override
  public String toString() {
    return algorithm + ": (" + budget.epsilon() + ", " + budget.delta() + ")-DP for " + PRIVACY_UNIT + ", "
        + mechanism + (insecureRandomSource ? " [VOID: insecure test random source]" : "");
  }
}
