/**
 * Offline evaluation: train/test {@linkplain io.privrec.core.eval.Splits split protocols}, ranking
 * {@linkplain io.privrec.core.eval.Metric metrics} over the full catalogue, and the {@link
 * io.privrec.core.eval.Evaluator} that runs them.
 */
package io.privrec.core.eval;
