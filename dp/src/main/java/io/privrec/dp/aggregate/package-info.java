/**
 * Differentially private aggregations in the style of Google's DP library: {@link
 * io.privrec.dp.aggregate.Count}, {@link io.privrec.dp.aggregate.BoundedSum}, {@link
 * io.privrec.dp.aggregate.BoundedMean} and {@link io.privrec.dp.aggregate.Histogram}. Each is built
 * with {@code builder()}, accepts entries, and releases its noisy result exactly once through
 * {@code computeResult()}. Budget accounting across aggregations is the caller's (or the budget
 * package's) responsibility; contribution bounds are the caller's contract.
 */
package io.privrec.dp.aggregate;
