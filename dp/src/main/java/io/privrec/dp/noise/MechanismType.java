package io.privrec.dp.noise;

/** The noise distribution a {@link Noise} adds. */
public enum MechanismType {
  /** Laplace noise, snapped to a power-of-two grid (pure ε-DP, δ = 0). */
  LAPLACE,
  /** Gaussian noise, snapped to a power-of-two grid ((ε, δ)-DP or ρ-zCDP). */
  GAUSSIAN,
  /** Discrete Laplace (two-sided geometric) noise on the integers (pure ε-DP). */
  DISCRETE_LAPLACE,
  /** Discrete Gaussian noise on the integers ((ε, δ)-DP via ρ-zCDP). */
  DISCRETE_GAUSSIAN
}
