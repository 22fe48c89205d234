package io.privrec.dp.noise;

import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;
import java.util.Objects;

/**
 * The Gaussian mechanism, secure against floating-point attacks: (epsilon, delta)-DP with {@code 0
 * < delta < 1}, or rho-zCDP through the {@code addNoiseZcdp} methods.
 *
 * <p><b>Guarantee.</b> For inputs changing by at most the stated L2 sensitivity {@code Delta_2}
 * between neighbouring datasets (privacy unit: one user and all their data unless the caller bounds
 * otherwise; {@code Delta_2 = sqrt(l0Sensitivity) lInfSensitivity} for scalar calls), noise of
 * standard deviation {@code sigma} calibrated by {@link Calibration#ANALYTIC} (default; Balle and
 * Wang 2018) or {@link Calibration#CLASSICAL} (Dwork and Roth 2014, epsilon {@code < 1} only) gives
 * (epsilon, delta)-DP; {@code sigma = Delta_2 / sqrt(2 rho)} gives rho-zCDP (Bun and Steinke 2016).
 *
 * <p><b>Secure noise.</b> Double inputs are rounded to a grid {@code g Z}, {@code g} the largest
 * power of two {@code <= sigma / 2^20} (for {@code d}-vectors {@code <= sigma / min(2^20 sqrt(d),
 * 2^26)}), and {@code g} times an exact discrete Gaussian sample (Canonne, Kamath and Steinke 2020)
 * with {@code sigma_g = Delta_g sigma / Delta_2} is added, where {@code Delta_g} is the L2
 * sensitivity in grid steps including rounding ({@code sqrt(l0) (floor(lInf/g) + 1)} for scalars,
 * {@code Delta_2/g + sqrt(d)} for vectors). The relative noise increase is about {@code 2^-20} per
 * coordinate. Outputs are exact multiples of {@code g}. Long inputs use a grid {@code g <= 1} (so
 * they need no rounding) and the noise {@code g k} is rounded to the nearest integer
 * (post-processing).
 *
 * <p><b>Discretisation.</b> The rho-zCDP guarantee carries over exactly: the discrete Gaussian is
 * {@code Delta^2/(2 sigma^2)}-zCDP for integer shifts of L2 norm {@code Delta} (CKS 2020, Theorem 4,
 * applied per coordinate; Renyi divergences of independent coordinates add). The (epsilon, delta)
 * calibration is that of the continuous Gaussian; with at least {@code 2^20} grid steps per
 * standard deviation the discrete Gaussian's privacy profile (CKS 2020, Theorem 7) differs from the
 * continuous one only through the {@code O(1/sigma_g)} difference between sums and integrals of the
 * Gaussian density, which this class does not account for separately. Callers who need a fully
 * proven bound use the zCDP methods or {@link DiscreteGaussianNoise}.
 *
 * <p>Immutable; thread-safe when its random source is (the default {@link RandomSources#secure()}
 * is).
 */
public final class GaussianNoise extends AbstractGridNoise {

  /** How sigma is derived from (epsilon, delta). */
  public enum Calibration {
    /** Balle and Wang (2018): the smallest sigma that gives (epsilon, delta)-DP. */
    ANALYTIC,
    /** {@code sqrt(2 ln(1.25/delta)) Delta / epsilon}, valid for {@code epsilon < 1} only. */
    CLASSICAL
  }

  private static final double GRANULARITY_PARAM = 0x1p20;
  private static final double MAX_STEPS = 0x1p26;

  private final Calibration calibration;
  private volatile double[] lastUnitSigma;

  private GaussianNoise(RandomSource source, Calibration calibration) {
    super(source);
    this.calibration = Objects.requireNonNull(calibration, "calibration");
  }

  /** Returns analytically calibrated Gaussian noise drawing from {@link RandomSources#secure()}. */
  public static GaussianNoise create() {
    return new GaussianNoise(RandomSources.secure(), Calibration.ANALYTIC);
  }

  /**
   * Returns analytically calibrated Gaussian noise drawing from {@code source}.
   *
   * @throws NullPointerException if {@code source} is null
   */
  public static GaussianNoise create(RandomSource source) {
    return new GaussianNoise(source, Calibration.ANALYTIC);
  }

  /**
   * Returns Gaussian noise with the given calibration, drawing from {@code source}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static GaussianNoise create(RandomSource source, Calibration calibration) {
    return new GaussianNoise(source, calibration);
  }

  /** Returns the calibration used for (epsilon, delta). */
  public Calibration calibration() {
    return calibration;
  }

  /**
   * Returns the standard deviation (before grid rounding) used for L2 sensitivity {@code
   * l2Sensitivity} at (epsilon, delta).
   *
   * @throws IllegalArgumentException on invalid parameters
   */
  public double sigma(double l2Sensitivity, double epsilon, double delta) {
    DpPreconditions.checkPositive("l2Sensitivity", l2Sensitivity);
    DpPreconditions.checkNoiseEpsilon(epsilon);
    checkDelta(delta);
    return GaussianCalibration.roundUp(l2Sensitivity * unitSigma(epsilon, delta));
  }

  /**
   * Returns {@code x} plus Gaussian noise giving rho-zCDP for L2 sensitivity {@code l2Sensitivity}.
   *
   * @throws IllegalArgumentException on a non-finite {@code x} or invalid parameters
   */
  public double addNoiseZcdp(double x, double l2Sensitivity, double rho) {
    DpPreconditions.checkFinite("x", x);
    return addNoiseZcdp(new double[] {x}, l2Sensitivity, rho)[0];
  }

  /**
   * Returns a new array: {@code x} plus Gaussian noise giving rho-zCDP for the whole vector at L2
   * sensitivity {@code l2Sensitivity}.
   *
   * @throws IllegalArgumentException on a non-finite element or invalid parameters
   */
  public double[] addNoiseZcdp(double[] x, double l2Sensitivity, double rho) {
    Objects.requireNonNull(x, "x");
    DpPreconditions.checkFiniteElements("x", x);
    return addNoiseVector(x, l2Sensitivity, zcdpCalibrator(l2Sensitivity, rho));
  }

  /**
   * Adds Gaussian noise giving rho-zCDP at L2 sensitivity {@code l2Sensitivity} to every count, in
   * place (rounded to integers).
   *
   * @throws IllegalArgumentException on invalid parameters (then nothing is modified)
   */
  public void addNoiseZcdpInPlace(long[] counts, double l2Sensitivity, double rho) {
    Objects.requireNonNull(counts, "counts");
    addNoiseInPlace(counts, l2Sensitivity, zcdpCalibrator(l2Sensitivity, rho));
  }

  static Calibrator zcdpCalibrator(double l2Sensitivity, double rho) {
    DpPreconditions.checkPositive("l2Sensitivity", l2Sensitivity);
    return gaussianCalibrator(GaussianCalibration.zcdpSigma(1, rho));
  }

  @Override
  public MechanismType mechanismType() {
    return MechanismType.GAUSSIAN;
  }

  @Override
  public Norm vectorSensitivityNorm() {
    return Norm.L2;
  }

  @Override
  double granularity(double scale, int dimension, boolean integerInput) {
    double g = Grid.powerOfTwoAtMost(
        scale / Math.min(GRANULARITY_PARAM * Math.sqrt(dimension), MAX_STEPS));
    return integerInput ? Math.min(1, g) : g;
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
    DpPreconditions.checkDelta(delta, MechanismType.GAUSSIAN);
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
    double sigma = calibration == Calibration.ANALYTIC
        ? GaussianCalibration.analyticSigma(1, epsilon, delta)
        : GaussianCalibration.classicalSigma(1, epsilon, delta);
    lastUnitSigma = new double[] {epsilon, delta, sigma};
    return sigma;
  }

  @Override
  public String toString() {
    return "GaussianNoise{calibration=" + calibration + ", source=" + source() + "}";
  }
}
