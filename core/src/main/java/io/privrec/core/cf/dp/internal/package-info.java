/**
 * Mechanisms and numerics behind the private recommenders of {@code io.privrec.core.cf.dp}:
 * per-customer contribution bounding ({@link io.privrec.core.cf.dp.internal.BoundingRows}); the
 * thresholded sparse co-occurrence release of private item-kNN ({@link
 * io.privrec.core.cf.dp.internal.DpItemKnnRelease}) with its exact discrete Gaussian samplers
 * ({@link io.privrec.core.cf.dp.internal.DpItemKnnGaussian}, {@link
 * io.privrec.core.cf.dp.internal.DpItemKnnNoise}); the Gaussian noising of Gram matrices ({@link
 * io.privrec.core.cf.dp.internal.GramNoise}, {@link
 * io.privrec.core.cf.dp.internal.GramGaussianNoise}) and their low-rank denoising for DP-EASE
 * ({@link io.privrec.core.cf.dp.internal.GramEigen}, {@link
 * io.privrec.core.cf.dp.internal.GramLowRank}); and the per-iteration statistics of private ALS
 * ({@link io.privrec.core.cf.dp.internal.PrivateAlsStatistics}). The privacy guarantees are stated
 * and proved on the public algorithm classes, which compose these parts.
 *
 * <p><b>Not API.</b> The types here are public only so that {@code io.privrec.core.cf.dp} can use
 * them; they may change without notice. Do not use them from application code.
 */
package io.privrec.core.cf.dp.internal;
