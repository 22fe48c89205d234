package io.privrec.dp.noise;

/**
 * A noise-adding mechanism: the role behind {@link LaplaceNoise}, {@link GaussianNoise}, {@link
 * DiscreteLaplaceNoise} and {@link DiscreteGaussianNoise}.
 *
 * <p><b>Guarantee.</b> Each call is an (epsilon, delta)-DP release of its input with respect to the
 * stated sensitivity: if changing one privacy unit (by default one user and all their data) changes
 * the input by at most the given sensitivity, the output distributions on the two neighbouring
 * inputs satisfy the (epsilon, delta) inequality. Sensitivity is the caller's contract; bound the
 * data first (contribution bounding, clamping).
 *
 * <p><b>Scalar calls</b> ({@code addNoise(x, l0Sensitivity, lInfSensitivity, ...)}) follow Google's
 * DP library: a unit contributes to at most {@code l0Sensitivity} partitions and changes each by at
 * most {@code lInfSensitivity}; each partition's value is noised with this call, and the whole
 * release over all partitions is (epsilon, delta)-DP. <b>Vector calls</b> calibrate to the L1 norm
 * (Laplace family) or L2 norm (Gaussian family) of the change of the whole vector, as reported by
 * {@link #vectorSensitivityNorm()}.
 *
 * <p><b>Floating point.</b> Double results are exact multiples of a power-of-two granularity, noise
 * is drawn by exact integer samplers, and the input is rounded to the same grid before the noise is
 * added, so the low bits of an output carry no information about the input (Mironov, "On
 * Significance of the Least Significant Bits for Differential Privacy", CCS 2012; Google, "Secure
 * Noise Generation"). The rounding's effect on sensitivity is included in the calibration.
 *
 * <p><b>Input checks.</b> NaN or infinite values, non-positive sensitivities, epsilon outside
 * {@code [2^-50, ∞)}, a delta the mechanism does not accept (0 for the Laplace family, {@code (0,
 * 1)} for the Gaussian family) and alpha outside {@code (0, 1)} throw {@link
 * IllegalArgumentException} naming the parameter; a NaN input is never propagated to an output.
 * Long results saturate at {@link Long#MIN_VALUE}/{@link Long#MAX_VALUE} (a deterministic function
 * of the private value, so post-processing).
 *
 * <p>Implementations are immutable and thread-safe when their {@link
 * io.privrec.dp.random.RandomSource} is.
 */
public interface Noise {

  /** The norm in which vector sensitivities are measured. */
  enum Norm {
    /** Sum of absolute coordinate changes. */
    L1,
    /** Euclidean norm of the change. */
    L2
  }

  /** Returns the noise distribution. */
  MechanismType mechanismType();

  /** Returns the norm of the sensitivity taken by the vector methods. */
  Norm vectorSensitivityNorm();

  /**
   * Returns {@code x} plus noise calibrated to (epsilon, delta) for a unit contributing to at most
   * {@code l0Sensitivity} partitions with at most {@code lInfSensitivity} each.
   *
   * @throws IllegalArgumentException on a non-finite {@code x} or invalid parameters
   */
  double addNoise(double x, int l0Sensitivity, double lInfSensitivity, double epsilon, double delta);

  /**
   * As {@link #addNoise(double, int, double, double, double)} for integer values; the result is an
   * integer (noise is integer-valued, or rounded to an integer after exact addition).
   *
   * @throws IllegalArgumentException on invalid parameters ({@code lInfSensitivity < 1} included)
   */
  long addNoise(long x, int l0Sensitivity, long lInfSensitivity, double epsilon, double delta);

  /**
   * Returns a new array: {@code x} plus independent noise per coordinate, calibrated so that the
   * whole vector is (epsilon, delta)-DP when one unit changes {@code x} by at most {@code
   * sensitivity} in the {@link #vectorSensitivityNorm()} norm. {@code x} is not modified.
   *
   * @throws IllegalArgumentException on a non-finite element or invalid parameters
   */
  double[] addNoise(double[] x, double sensitivity, double epsilon, double delta);

  /**
   * Adds integer noise to every count in place, calibrated as in {@link #addNoise(double[], double,
   * double, double)} (counts are already integers, so no rounding is needed). On an invalid
   * parameter nothing is modified.
   *
   * @throws IllegalArgumentException on invalid parameters
   */
  void addNoiseInPlace(long[] counts, double sensitivity, double epsilon, double delta);

  /**
   * Returns an interval around {@code noisedX} containing the noise-free value with probability at
   * least {@code 1 - alpha}, for a value released by the scalar {@code addNoise} with the same
   * parameters. Uses no private data (post-processing).
   *
   * @throws IllegalArgumentException on a non-finite {@code noisedX} or invalid parameters
   */
  ConfidenceInterval computeConfidenceInterval(double noisedX, int l0Sensitivity,
      double lInfSensitivity, double epsilon, double delta, double alpha);

  /**
   * As {@link #computeConfidenceInterval(double, int, double, double, double, double)} for a value
   * released by {@link #addNoise(long, int, long, double, double)}.
   *
   * @throws IllegalArgumentException on invalid parameters
   */
  ConfidenceInterval computeConfidenceInterval(long noisedX, int l0Sensitivity,
      long lInfSensitivity, double epsilon, double delta, double alpha);
}
