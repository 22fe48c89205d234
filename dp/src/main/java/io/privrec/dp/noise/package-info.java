/**
 * Exact noise: the {@link io.privrec.dp.noise.Noise} role and its mechanisms ({@link
 * io.privrec.dp.noise.LaplaceNoise}, {@link io.privrec.dp.noise.GaussianNoise}, {@link
 * io.privrec.dp.noise.DiscreteLaplaceNoise}, {@link io.privrec.dp.noise.DiscreteGaussianNoise}),
 * the exact integer samplers behind them ({@link io.privrec.dp.noise.DiscreteLaplaceSampler},
 * {@link io.privrec.dp.noise.DiscreteGaussianSampler}) and {@link
 * io.privrec.dp.noise.GaussianCalibration}. No floating-point value decides a sample, and double
 * outputs are snapped to power-of-two grids (Mironov 2012; Google's "Secure Noise Generation").
 */
package io.privrec.dp.noise;
