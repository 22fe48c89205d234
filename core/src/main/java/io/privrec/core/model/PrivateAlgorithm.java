package io.privrec.core.model;

import io.privrec.core.data.Catalogue;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import java.util.Optional;

/**
 * An {@link Algorithm} whose fitted model is differentially private at the level of a whole
 * customer: the privacy unit is one user and all of her interactions, and two training matrices
 * are neighbours when one is the other plus or minus one user's row (add/remove-one-user).
 *
 * <p>Everything a fitted model releases (counts, similarities, item factors, rankings) is the
 * output of dp mechanisms on contribution-bounded data; a customer's own recommendations may also
 * read her own row (joint differential privacy: the shared model is DP, her personal scoring uses
 * only her data and the DP model).
 *
 * <p>{@link #fit(InteractionMatrix, FitListener, PrivacyAccountant)} charges {@link #budget()} to
 * the accountant <em>before</em> any noisy statistic is computed; if the accountant cannot afford
 * it, a {@link io.privrec.dp.budget.PrivacyBudgetExceededException} is thrown and nothing is
 * released. Immutable and thread-safe like every {@link Algorithm}.
 */
public interface PrivateAlgorithm extends Algorithm {

  /**
   * This algorithm restricted to a public catalogue: the fitted model indexes exactly {@code
   * catalogue}'s items in its order (training interactions on other items are dropped, or admitted
   * only through private partition selection where the algorithm documents it), so the release's
   * shape, item order and listed items do not depend on which items the data holds. Every private
   * fit needs a catalogue.
   */
  PrivateAlgorithm withCatalogue(Catalogue catalogue);

  /** The public catalogue the fitted model will index, if one was set. */
  Optional<Catalogue> catalogue();

  /** The total (ε, δ) one {@link #fit} spends. */
  PrivacyBudget budget();

  /**
   * Fits the model, charging {@link #budget()} (possibly as several labelled ledger entries whose
   * composition is at most the budget) to {@code accountant} before releasing anything.
   *
   * @throws io.privrec.dp.budget.PrivacyBudgetExceededException if the accountant's remaining
   *     budget does not cover the spend (nothing is released)
   */
  ItemScorer fit(InteractionMatrix train, FitListener listener, PrivacyAccountant accountant);

  /** Fits with a fresh accountant whose total is exactly {@link #budget()}. */
  @Override
  default ItemScorer fit(InteractionMatrix train, FitListener listener) {
    return fit(train, listener, PrivacyAccountant.create(budget()));
  }
}
