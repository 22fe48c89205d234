package io.privrec.dp.noise;

import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;
import java.util.Objects;

/**
 * The discrete Gaussian mechanism on the integers: rho-zCDP, and (epsilon, delta)-DP with {@code 0
 * < delta < 1} through the zCDP conversion.
 *
 * <p><b>Guarantee.</b> For integer-valued queries whose value changes by an integer vector of L2
 * norm at most {@code Delta_2} between neighbouring datasets (privacy unit: one user and all their
 * data unless the caller bounds otherwise; {@code Delta_2 = sqrt(l0Sensitivity) lInfSensitivity}
 * for scalar calls), independent discrete Gaussian noise with {@code sigma = Delta_2 / sqrt(2 rho)}
 * is rho-zCDP (Canonne, Kamath and Steinke 2020, Theorem 4 per coordinate; Renyi divergences of
 * independent coordinates add). For (epsilon, delta) the largest rho with {@link
 * GaussianCalibration#zcdpDelta}{@code (rho, epsilon) <= delta} is used (CKS 2020, Corollary 13), a
 * fully proven calibration, somewhat more noise than the analytic continuous one.
 *
 * <p>Double inputs are rounded to the nearest integer first, adding one step per changed coordinate
 * ({@code sqrt(l0) (floor(lInf) + 1)} for scalars, {@code Delta_2 + sqrt(d)} for vectors).
 *
 * <p>Immutable; thread-safe when its random source is (the default {@link RandomSources#secure()}
 * is).
 */
public final class DiscreteGaussianNoise extends AbstractGridNoise {

  private volatile double[] lastUnitSigma;

  private DiscreteGaussianNoise(RandomSource source) {
    super(source);
  }

  /** Returns discrete Gaussian noise drawing from {@link RandomSources#secure()}. */
  public static DiscreteGaussianNoise create() {
    return new DiscreteGaussianNoise(RandomSources.secure());
  }

  /**
   * Returns discrete Gaussian noise drawing from {@code source}.
   *
   * @throws NullPointerException if {@code source} is null
   */
  public static DiscreteGaussianNoise create(RandomSource source) {
    return new DiscreteGaussianNoise(source);
  }

  /**
   * Returns {@code x} plus discrete Gaussian noise giving rho-zCDP at L2 sensitivity {@code
   * l2Sensitivity}.
   *
   * @throws IllegalArgumentException on invalid parameters
   */
  public long addNoiseZcdp(long x, double l2Sensitivity, double rho) {
    long[] value = {x};
    addNoiseZcdpInPlace(value, l2Sensitivity, rho);
    return value[0];
  }

  /**
   * Adds discrete Gaussian noise giving rho-zCDP at L2 sensitivity {@code l2Sensitivity} to every
   * count, in place.
   *
   * @throws IllegalArgumentException on invalid parameters (then nothing is modified)
   */
  public void addNoiseZcdpInPlace(long[] counts, double l2Sensitivity, double rho) {
    Objects.requireNonNull(counts, "counts");
    addNoiseInPlace(counts, l2Sensitivity, GaussianNoise.zcdpCalibrator(l2Sensitivity, rho));
  }

  /**
   * Returns the standard deviation used for L2 sensitivity {@code l2Sensitivity} at (epsilon,
   * delta).
   *
   * @throws IllegalArgumentException on invalid parameters
   */
  public double sigma(double l2Sensitivity, double epsilon, double delta) {
    DpPreconditions.checkPositive("l2Sensitivity", l2Sensitivity);
    DpPreconditions.checkNoiseEpsilon(epsilon);
    checkDelta(delta);
    return GaussianCalibration.roundUp(l2Sensitivity * unitSigma(epsilon, delta));
  }

  @Override
  public MechanismType mechanismType() {
    return MechanismType.DISCRETE_GAUSSIAN;
  }

  @Override
  public Norm vectorSensitivityNorm() {
    return Norm.L2;
  }

  @Override
  double granularity(double scale, int dimension, boolean integerInput) {
    return 1;
  }

  @Override
  double combinePartitions(int l0Sensitivity, double perPartition) {
    return l2Combine(l0Sensitivity, perPartition);
  }

  @Override
  double vectorGridSensitivity(double sensitivity, double g, int d, boolean integerInput) {
    return l2VectorSensitivity(sensitivity, g, d, integerInput);
  }

  @Override
  void checkDelta(double delta) {
    DpPreconditions.checkDelta(delta, MechanismType.DISCRETE_GAUSSIAN);
  }

  @Override
  Calibrator calibrator(double epsilon, double delta) {
    return gaussianCalibrator(unitSigma(epsilon, delta));
  }

  private double unitSigma(double epsilon, double delta) {
    double[] cached = lastUnitSigma;
    if (cached != null && cached[0] == epsilon && cached[1] == delta) {
      return cached[2];
    }
    double sigma = GaussianCalibration.zcdpSigma(1, GaussianCalibration.zcdpRho(epsilon, delta));
    lastUnitSigma = new double[] {epsilon, delta, sigma};
    return sigma;
  }

  @Override
  public String toString() {
    return "DiscreteGaussianNoise{source=" + source() + "}";
  }
}
