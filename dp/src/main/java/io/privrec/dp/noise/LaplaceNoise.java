package io.privrec.dp.noise;

import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;

/**
 * The Laplace mechanism, secure against floating-point attacks: pure epsilon-DP (delta must be 0).
 *
 * <p><b>Guarantee.</b> For inputs changing by at most the stated sensitivity between neighbouring
 * datasets (privacy unit: one user and all their data unless the caller bounds otherwise), the
 * output is epsilon-DP. Noise scale {@code b = Delta_1 / epsilon} (Dwork, McSherry, Nissim and Smith
 * 2006), with {@code Delta_1 = l0Sensitivity * lInfSensitivity} for scalar calls and the caller's L1
 * sensitivity for vectors.
 *
 * <p><b>Secure noise.</b> Following Google's "Secure Noise Generation" note, double inputs are
 * rounded to a grid {@code g Z} with {@code g} the largest power of two {@code <= b / 2^40} (for a
 * vector of {@code d} coordinates, {@code <= b / min(2^40 d, 2^48)}); the output is the rounded input
 * plus {@code g} times an exact discrete Laplace sample of scale {@code Delta_g / epsilon}, where
 * {@code Delta_g} is the sensitivity in grid steps including the rounding: {@code l0
 * (floor(lInf/g) + 1)} for scalars, {@code floor(Delta_1/g) + d} for vectors (see {@link Noise}).
 * The relative noise increase is at most {@code 2^-40 (l0 or d)/epsilon}-ish and documented in the
 * calibration; outputs are exact multiples of {@code g}. Long inputs get the discrete Laplace
 * (geometric) mechanism on the integers with scale exactly {@code Delta_1 / epsilon} (rounded up to
 * a rational with 40 significant bits).
 *
 * <p>Immutable; thread-safe when its random source is (the default {@link RandomSources#secure()}
 * is).
 */
public final class LaplaceNoise extends AbstractGridNoise {

  private static final double GRANULARITY_PARAM = 0x1p40;
  private static final double MAX_STEPS = 0x1p48;

  private LaplaceNoise(RandomSource source) {
    super(source);
  }

  /** Returns Laplace noise drawing from {@link RandomSources#secure()}. */
  public static LaplaceNoise create() {
    return new LaplaceNoise(RandomSources.secure());
  }

  /**
   * Returns Laplace noise drawing from {@code source}.
   *
   * @throws NullPointerException if {@code source} is null
   */
  public static LaplaceNoise create(RandomSource source) {
    return new LaplaceNoise(source);
  }

  @Override
  public MechanismType mechanismType() {
    return MechanismType.LAPLACE;
  }

  @Override
  public Norm vectorSensitivityNorm() {
    return Norm.L1;
  }

  @Override
  double granularity(double scale, int dimension, boolean integerInput) {
    return integerInput
        ? 1
        : Grid.powerOfTwoAtMost(scale / Math.min(GRANULARITY_PARAM * dimension, MAX_STEPS));
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
    DpPreconditions.checkDelta(delta, MechanismType.LAPLACE);
  }

  @Override
  Calibrator calibrator(double epsilon, double delta) {
    return laplaceCalibrator(epsilon);
  }

  @Override
  public String toString() {
    return "LaplaceNoise{source=" + source() + "}";
  }
}
