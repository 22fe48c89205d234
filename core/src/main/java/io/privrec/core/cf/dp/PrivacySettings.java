package io.privrec.core.cf.dp;

import io.privrec.core.data.Catalogue;

/**
 * The privacy side of a private recommender's configuration, the same for every algorithm: the
 * budget (ε, δ), the contribution bound {@code m = max-items-per-user}, the insecure test source and
 * the public catalogue. {@link PrivateBuilder} validates and collects it; {@link
 * AbstractPrivateAlgorithm} is constructed from it, so each algorithm copies its own settings only.
 * Immutable.
 *
 * @param epsilon ε of the budget (validated by the builder)
 * @param delta δ of the budget
 * @param maxItemsPerUser the contribution bound
 * @param insecure whether fits draw from the seeded insecure test source
 * @param insecureSeed that source's seed
 * @param catalogue the public catalogue, or null until one is set
 */
record PrivacySettings(double epsilon, double delta, int maxItemsPerUser, boolean insecure, long insecureSeed,
    Catalogue catalogue) {}
