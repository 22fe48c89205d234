package io.privrec.core.cf.dp;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.Params;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.ModelUpdate;
import io.privrec.core.model.PrivacyGuarantee;
import io.privrec.core.model.PrivateAlgorithm;
import io.privrec.core.model.PrivateModel;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The configuration every private recommender shares: the budget (ε, δ), the contribution bound
 * {@code m = max-items-per-user}, the public {@link Catalogue} and the random source, with the
 * common part of {@link #parameters()} and the {@link PrivacyGuarantee} a fitted model reports.
 * Each subclass documents its own mechanism and guarantee: (ε, δ)-differential privacy with one
 * customer and all her data as the privacy unit, for add/remove-one-customer neighbours.
 *
 * <p>Every fit needs the public catalogue ({@link #onCatalogue}): the data is re-indexed onto the
 * catalogue's items before anything is charged or computed, and interactions on other items are
 * dropped, so a release's shape, item order and listed items do not depend on which items the data
 * holds. Immutable and thread-safe.
 */
abstract class AbstractPrivateAlgorithm implements PrivateAlgorithm {
  /** Parameter key naming a non-default random source. */
  static final String RANDOM_SOURCE = "random-source";
  /** Parameter key of the insecure source's seed. */
  static final String INSECURE_SEED = "insecure-seed";
  /** {@link #RANDOM_SOURCE}'s value for the seeded test source. */
  static final String INSECURE = "insecure-reproducible-for-testing";

  final double epsilon;
  final double delta;
  final int maxItemsPerUser;
  final boolean insecure;
  final long insecureSeed;
  /** The public catalogue, or null until one is set. */
  final Catalogue catalogue;

  AbstractPrivateAlgorithm(PrivacySettings privacy) {
    this.epsilon = privacy.epsilon();
    this.delta = privacy.delta();
    this.maxItemsPerUser = privacy.maxItemsPerUser();
    this.insecure = privacy.insecure();
    this.insecureSeed = privacy.insecureSeed();
    this.catalogue = privacy.catalogue();
  }

  /**
   * The source a fit draws from: {@link RandomSources#secure()}, or a fresh {@link
   * RandomSources#insecureReproducibleForTesting(long)} stream seeded with {@link #insecureSeed}
   * when {@link #insecure} (tests only; voids every guarantee).
   */
  final RandomSource source() {
    return insecure ? RandomSources.insecureReproducibleForTesting(insecureSeed) : RandomSources.secure();
  }

  /**
   * The privacy settings of this configuration with {@code catalogue}, for {@link #withCatalogue}.
   *
   * @throws NullPointerException if {@code catalogue} is null
   */
  final PrivacySettings privacyWith(Catalogue catalogue) {
    return settingsWith(requireNonNull(catalogue, "catalogue"));
  }

  /** The privacy settings of this configuration, its catalogue included (null if none is set yet). */
  final PrivacySettings settings() {
    return settingsWith(catalogue);
  }

  private PrivacySettings settingsWith(Catalogue catalogue) {
    return new PrivacySettings(epsilon, delta, maxItemsPerUser, insecure, insecureSeed, catalogue);
  }

  /**
   * Every training customer's cohort by {@code cohortOfCustomer} (-1: none), checked to lie in
   * {@code [-1, numCohorts)}.
   *
   * @throws IllegalArgumentException naming neither the customer nor the value (both come from the
   *     private data) if one is out of range
   */
  static int[] cohortsOf(InteractionMatrix train, ToIntFunction<String> cohortOfCustomer, int numCohorts) {
    int[] out = new int[train.numUsers()];
    for (int u = 0; u < out.length; u++) {
      int c = cohortOfCustomer.applyAsInt(train.users().id(u));
      if (c < -1 || c >= numCohorts) {
        throw new IllegalArgumentException("the cohort function returned a value outside [-1, " + numCohorts
            + ") for a training customer (nothing was charged)");
      }
      out[u] = c;
    }
    return out;
  }

  /**
   * What each algorithm's {@code fromParams(Map)} does: reads {@code params} with {@code reader},
   * then rejects the keys it did not read (naming {@code name}).
   *
   * @throws IllegalArgumentException for a bad value or an unknown key
   */
  static <A> A readParams(String name, Map<String, String> params, Function<Params, A> reader) {
    Params p = new Params(name, params);
    A algorithm = reader.apply(p);
    p.checkNoneUnknown();
    return algorithm;
  }

  /**
   * This configuration with the public catalogue {@code catalogue} (a copy; the receiver is
   * unchanged). The fitted model indexes exactly the catalogue's items in its order.
   *
   * @throws NullPointerException if {@code catalogue} is null
   */
  @Override
  public abstract AbstractPrivateAlgorithm withCatalogue(Catalogue catalogue);

  /** The public catalogue a fit indexes, if one was set. */
  @Override
  public final Optional<Catalogue> catalogue() {
    return Optional.ofNullable(catalogue);
  }

  /**
   * {@code train} on the catalogue's items (interactions on other items dropped). Called first in
   * every fit, before anything is charged.
   *
   * @throws IllegalStateException if no catalogue is set
   */
  final InteractionMatrix onCatalogue(InteractionMatrix train) {
    requireNonNull(train, "train");
    return train.onItems(requireCatalogue().items());
  }

  /**
   * The public catalogue.
   *
   * @throws IllegalStateException if no catalogue is set
   */
  final Catalogue requireCatalogue() {
    if (catalogue == null) {
      throw new IllegalStateException(name() + " needs a public catalogue: set Builder.catalogue(...) or"
          + " withCatalogue(...)");
    }
    return catalogue;
  }

  /**
   * The effective parameters: {@code epsilon}, {@code delta}, {@code max-items-per-user}, the
   * algorithm's own keys (see its class documentation), and {@code random-source} with {@code
   * insecure-seed} when the fit draws from the insecure test source. Unmodifiable.
   */
  @Override
  public final Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("epsilon", Double.toString(epsilon));
    p.put("delta", Double.toString(delta));
    p.put("max-items-per-user", Integer.toString(maxItemsPerUser));
    putParameters(p);
    if (insecure) {
      p.put(RANDOM_SOURCE, INSECURE);
      p.put(INSECURE_SEED, Long.toString(insecureSeed));
    }
    return Collections.unmodifiableMap(p);
  }

  /**
   * What every private model's {@code forget} returns: the model itself, its release kept ({@link
   * ModelUpdate#RELEASE_KEPT}). The release's guarantee already bounds what it reveals about the
   * erased customers, and the model holds nothing of theirs.
   *
   * @throws IllegalArgumentException if the erasure's data is not indexed like the model
   */
  static ModelUpdate.Result keepRelease(PrivateModel model, Erasure erasure) {
    requireNonNull(erasure, "erasure");
    if (erasure.before().numItems() != model.numItems()) {
      throw new IllegalArgumentException("the erasure's data must be indexed like the model's " + model.numItems()
          + " catalogue items");
    }
    return new ModelUpdate.Result(model, ModelUpdate.RELEASE_KEPT);
  }

  /** Adds the algorithm's own parameters, in documentation order. */
  abstract void putParameters(Map<String, String> p);

  /** The mechanisms of one fit, for {@link #guarantee()} (depends on the configuration only). */
  abstract String mechanism();

  @Override
  public final PrivacyBudget budget() {
    return PrivacyBudget.of(epsilon, delta);
  }

  /** What one fit costs and protects. */
  final PrivacyGuarantee guarantee() {
    return new PrivacyGuarantee(name(), budget(), mechanism(), insecure);
  }

  /** ε of the budget. */
  public double epsilon() {
    return epsilon;
  }

  /** δ of the budget. */
  public double delta() {
    return delta;
  }

  /** Items kept per user. */
  public int maxItemsPerUser() {
    return maxItemsPerUser;
  }

  @Override
  public String toString() {
    return name() + parameters();
  }
}
