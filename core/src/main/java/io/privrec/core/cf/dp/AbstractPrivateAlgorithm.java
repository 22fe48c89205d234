package io.privrec.core.cf.dp;

import io.privrec.core.model.PrivacyGuarantee;
import io.privrec.core.model.PrivateAlgorithm;
import io.privrec.dp.budget.PrivacyBudget;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration every private recommender shares: the budget (ε, δ), the contribution bound
 * {@code m = max-items-per-user} and the random source, with the common part of {@link
 * #parameters()} and the {@link PrivacyGuarantee} a fitted model reports. Each subclass documents
 * its own mechanism and guarantee. Immutable and thread-safe.
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

  AbstractPrivateAlgorithm(PrivateBuilder<?> b) {
    this.epsilon = b.epsilon;
    this.delta = b.delta;
    this.maxItemsPerUser = b.maxItemsPerUser;
    this.insecure = b.insecure;
    this.insecureSeed = b.insecureSeed;
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
