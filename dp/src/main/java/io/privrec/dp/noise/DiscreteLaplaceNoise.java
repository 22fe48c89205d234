package io.privrec.dp.noise;

import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;

/**
 * The discrete Laplace (geometric) mechanism on the integers: pure epsilon-DP (delta must be 0).
 *
 * <p><b>Guarantee.</b> For integer-valued queries whose value changes by at most the stated
 * sensitivity between neighbouring datasets (privacy unit: one user and all their data unless the
 * caller bounds otherwise), adding discrete Laplace noise with scale {@code Delta_1 / epsilon} is
 * epsilon-DP (Ghosh, Roughgarden and Sundararajan 2009; sampler: Canonne, Kamath and Steinke 2020,
 * Algorithm 2). The scale is rounded up to a rational with at least 40 significant bits.
 *
 * <p>Double inputs are rounded to the nearest integer first, which adds one step per changed
 * coordinate to the sensitivity ({@code l0 (floor(lInf) + 1)} for scalars, {@code floor(Delta_1) +
 * d} for vectors); outputs are then integers.
 *
 * <p>Immutable; thread-safe when its random source is (the default {@link RandomSources#secure()}
 * is).
 */
public final class DiscreteLaplaceNoise extends AbstractGridNoise {

  private DiscreteLaplaceNoise(RandomSource source) {
    super(source);
  }

  /** Returns discrete Laplace noise drawing from {@link RandomSources#secure()}. */
  public static DiscreteLaplaceNoise create() {
    return new DiscreteLaplaceNoise(RandomSources.secure());
  }

  /**
   * Returns discrete Laplace noise drawing from {@code source}.
   *
   * @throws NullPointerException if {@code source} is null
   */
  public static DiscreteLaplaceNoise create(RandomSource source) {
    return new DiscreteLaplaceNoise(source);
  }

  @Override
  public MechanismType mechanismType() {
    return MechanismType.DISCRETE_LAPLACE;
  }

  @Override
  public Norm vectorSensitivityNorm() {
    return Norm.L1;
  }

  @Override
  double granularity(double scale, int dimension, boolean integerInput) {
    return 1;
  }

  @Override
  double combinePartitions(int l0Sensitivity, double perPartition) {
    return l1Combine(l0Sensitivity, perPartition);
  }

  @Override
  double vectorGridSensitivity(double sensitivity, double g, int d, boolean integerInput) {
    return l1VectorSensitivity(sensitivity, g, d, integerInput);
  }

  @Override
  void checkDelta(double delta) {
    DpPreconditions.checkDelta(delta, MechanismType.DISCRETE_LAPLACE);
  }

  @Override
  Calibrator calibrator(double epsilon, double delta) {
    return laplaceCalibrator(epsilon);
  }

  @Override
  public String toString() {
    return "DiscreteLaplaceNoise{source=" + source() + "}";
  }
}
