package io.privrec.core;

import io.privrec.core.data.Catalogue;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.PrivateAlgorithm;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import java.util.Map;
import java.util.Optional;

/**
 * A deliberately wrong private algorithm for tests: it ignores the public catalogue and indexes
 * the items the training data holds, so its release's shape and listed items depend on who bought
 * what. The end-to-end privacy tests must catch it.
 */
final class LeakyDataUniverse implements PrivateAlgorithm {
  private final PrivateAlgorithm delegate;

  LeakyDataUniverse(PrivateAlgorithm delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return "leaky-" + delegate.name();
  }

  @Override
  public Map<String, String> parameters() {
    return delegate.parameters();
  }

  @Override
  public PrivacyBudget budget() {
    return delegate.budget();
  }

  @Override
  public PrivateAlgorithm withCatalogue(Catalogue catalogue) {
    return this;
  }

  @Override
  public Optional<Catalogue> catalogue() {
    return Optional.empty();
  }

  @Override
  public ItemScorer fit(InteractionMatrix train, FitListener listener, PrivacyAccountant accountant) {
    InteractionMatrix used = train.withoutUnusedItems();
    return delegate.withCatalogue(Catalogue.of(used.items().ids())).fit(used, listener, accountant);
  }
}
