/**
 * Contribution bounding, done by the library before any DP aggregation: per user at most {@code
 * maxPartitionsContributed} keys (L0, a uniformly random subset), per user and key at most {@code
 * maxContributionsPerPartition} records (a uniformly random subset), values clamped to {@code
 * [lower, upper]} (L∞), and vectors clipped to an L2 norm ({@link
 * io.privrec.dp.bounding.VectorClipping}).
 *
 * <p>The privacy unit is one user and all their data: after bounding, adding or removing a user
 * changes at most L0 keys, each by at most {@code maxContributionsPerPartition} records whose values
 * lie in {@code [lower, upper]}; these are the sensitivities the DP mechanisms are calibrated to.
 * Which records are kept is chosen with a {@link io.privrec.dp.random.RandomSource}, independently
 * of the other users' data, so bounding itself reveals nothing beyond the bounded data.
 */
package io.privrec.dp.bounding;
