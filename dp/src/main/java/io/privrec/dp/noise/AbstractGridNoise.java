package io.privrec.dp.noise;

import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.random.RandomSource;
import java.math.BigInteger;
import java.util.Objects;

/**
 * Shared engine of the four mechanisms: round the input to a power-of-two grid {@code g Z}, add
 * {@code g} times an exact integer sample, with the sampler calibrated to the sensitivity measured
 * in grid units (including the rounding's contribution).
 *
 * <p>Rounding sensitivity (Google, "Secure Noise Generation"): rounding to the nearest multiple of
 * {@code g} moves each coordinate by at most {@code g/2}, so two inputs at distance {@code D} in one
 * coordinate round to multiples of {@code g} at most {@code D + g} apart, i.e. at most {@code
 * floor(D/g) + 1} grid steps. Over {@code d} coordinates this adds at most {@code d} steps to the
 * L1 distance and at most {@code sqrt(d)} steps to the L2 distance. Integer inputs with {@code g <=
 * 1} lie on the grid already and need no rounding.
 */
abstract class AbstractGridNoise implements Noise {

  /** Noise for one release: turns sensitivities into samplers. */
  interface Calibrator {
    /** Returns the noise scale (Laplace b or Gaussian sigma) in value units, without rounding. */
    double scale(double sensitivity);

    /** Returns the sampler for a sensitivity measured in grid steps. */
    GridSampler sampler(double gridSensitivity);
  }

  /** An integer noise sampler together with its tail bound. */
  interface GridSampler {
    long draw(RandomBits bits);

    /** Returns {@code w} with {@code P(|sample| > w) <= alpha}. */
    double halfWidth(double alpha);
  }

  private final RandomSource source;
  private volatile ScalarCalibration lastScalar;

  AbstractGridNoise(RandomSource source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /** Returns the grid step for a release of natural scale {@code scale} over {@code dimension} coordinates. */
  abstract double granularity(double scale, int dimension, boolean integerInput);

  /** Returns the norm-appropriate sensitivity of {@code l0} partitions changed by {@code perPartition} each. */
  abstract double combinePartitions(int l0Sensitivity, double perPartition);

  abstract void checkDelta(double delta);

  /** Returns the calibrator for (epsilon, delta); parameters are already validated. */
  abstract Calibrator calibrator(double epsilon, double delta);

  final RandomSource source() {
    return source;
  }

  @Override
  public final double addNoise(
      double x, int l0Sensitivity, double lInfSensitivity, double epsilon, double delta) {
    DpPreconditions.checkFinite("x", x);
    ScalarCalibration c = scalar(l0Sensitivity, lInfSensitivity, epsilon, delta, false);
    return Grid.snap(x, c.granularity) + c.granularity * draw(c.sampler);
  }

  @Override
  public final long addNoise(
      long x, int l0Sensitivity, long lInfSensitivity, double epsilon, double delta) {
    DpPreconditions.checkPositive("lInfSensitivity", lInfSensitivity);
    ScalarCalibration c = scalar(l0Sensitivity, lInfSensitivity, epsilon, delta, true);
    return Grid.saturatedAdd(x, Grid.toIntegerNoise(draw(c.sampler), c.granularity));
  }

  /** One sample of {@code sampler}, continuing this thread's bits of the source. */
  private long draw(GridSampler sampler) {
    RandomBits bits = RandomBits.acquire(source);
    try {
      return sampler.draw(bits);
    } finally {
      bits.release();
    }
  }

  @Override
  public final double[] addNoise(double[] x, double sensitivity, double epsilon, double delta) {
    Objects.requireNonNull(x, "x");
    DpPreconditions.checkFiniteElements("x", x);
    return addNoiseVector(x, sensitivity, checkedCalibrator(sensitivity, epsilon, delta));
  }

  @Override
  public final void addNoiseInPlace(
      long[] counts, double sensitivity, double epsilon, double delta) {
    Objects.requireNonNull(counts, "counts");
    addNoiseInPlace(counts, sensitivity, checkedCalibrator(sensitivity, epsilon, delta));
  }

  @Override
  public final ConfidenceInterval computeConfidenceInterval(double noisedX, int l0Sensitivity,
      double lInfSensitivity, double epsilon, double delta, double alpha) {
    DpPreconditions.checkFinite("noisedX", noisedX);
    DpPreconditions.checkInOpenRange("alpha", alpha, 0, 1);
    ScalarCalibration c = scalar(l0Sensitivity, lInfSensitivity, epsilon, delta, false);
    // |output - x| <= g |noise| + g/2 (the input was rounded to the grid).
    double halfWidth = c.granularity * c.sampler.halfWidth(alpha) + c.granularity / 2;
    return ConfidenceInterval.around(noisedX, halfWidth);
  }

  @Override
  public final ConfidenceInterval computeConfidenceInterval(long noisedX, int l0Sensitivity,
      long lInfSensitivity, double epsilon, double delta, double alpha) {
    DpPreconditions.checkPositive("lInfSensitivity", lInfSensitivity);
    DpPreconditions.checkInOpenRange("alpha", alpha, 0, 1);
    ScalarCalibration c = scalar(l0Sensitivity, lInfSensitivity, epsilon, delta, true);
    double halfWidth = c.granularity * c.sampler.halfWidth(alpha) + (c.granularity < 1 ? 0.5 : 0);
    return ConfidenceInterval.around(noisedX, halfWidth);
  }

  final Calibrator checkedCalibrator(double sensitivity, double epsilon, double delta) {
    DpPreconditions.checkPositive("sensitivity", sensitivity);
    DpPreconditions.checkNoiseEpsilon(epsilon);
    checkDelta(delta);
    return calibrator(epsilon, delta);
  }

  final double[] addNoiseVector(double[] x, double sensitivity, Calibrator calibrator) {
    int d = x.length;
    double[] out = new double[d];
    if (d == 0) {
      return out;
    }
    double g = granularity(calibrator.scale(sensitivity), d, false);
    GridSampler sampler = calibrator.sampler(vectorGridSensitivity(sensitivity, g, d, false));
    RandomBits bits = RandomBits.acquire(source);
    try {
      for (int i = 0; i < d; i++) {
        out[i] = Grid.snap(x[i], g) + g * sampler.draw(bits);
      }
    } finally {
      bits.release();
    }
    return out;
  }

  final void addNoiseInPlace(long[] counts, double sensitivity, Calibrator calibrator) {
    int d = counts.length;
    if (d == 0) {
      return;
    }
    double g = granularity(calibrator.scale(sensitivity), d, true);
    GridSampler sampler = calibrator.sampler(vectorGridSensitivity(sensitivity, g, d, true));
    RandomBits bits = RandomBits.acquire(source);
    try {
      for (int i = 0; i < d; i++) {
        counts[i] = Grid.saturatedAdd(counts[i], Grid.toIntegerNoise(sampler.draw(bits), g));
      }
    } finally {
      bits.release();
    }
  }

  /** Returns the sensitivity in grid steps of a {@code d}-coordinate release (see class doc). */
  abstract double vectorGridSensitivity(double sensitivity, double g, int d, boolean integerInput);

  private ScalarCalibration scalar(int l0Sensitivity, double lInfSensitivity, double epsilon,
      double delta, boolean integerInput) {
    ScalarCalibration cached = lastScalar;
    if (cached != null && cached.matches(l0Sensitivity, lInfSensitivity, epsilon, delta,
        integerInput)) {
      return cached;
    }
    DpPreconditions.checkPositive("l0Sensitivity", l0Sensitivity);
    DpPreconditions.checkPositive("lInfSensitivity", lInfSensitivity);
    DpPreconditions.checkNoiseEpsilon(epsilon);
    checkDelta(delta);
    Calibrator calibrator = calibrator(epsilon, delta);
    // The grid is chosen from the uninflated sensitivity (only its order of magnitude matters).
    double natural = vectorSensitivityNorm() == Norm.L1
        ? l0Sensitivity * lInfSensitivity
        : Math.sqrt(l0Sensitivity) * lInfSensitivity;
    double g = granularity(calibrator.scale(natural), 1, integerInput);
    double perPartition = integerInput
        ? Grid.exactQuotient(lInfSensitivity, g)
        : Math.floor(lInfSensitivity / g) + 1;
    GridSampler sampler = calibrator.sampler(combinePartitions(l0Sensitivity, perPartition));
    ScalarCalibration c = new ScalarCalibration(
        l0Sensitivity, lInfSensitivity, epsilon, delta, integerInput, g, sampler);
    lastScalar = c;
    return c;
  }

  /** Laplace-family sampler: discrete Laplace with scale {@code gridSensitivity / epsilon}, exactly. */
  static GridSampler discreteLaplace(double gridSensitivity, double epsilon) {
    BigInteger[] sens = ExactRational.of(gridSensitivity);
    BigInteger[] eps = ExactRational.of(epsilon);
    DiscreteLaplaceSampler sampler = DiscreteLaplaceSampler.ofScaleRoundedUp(
        sens[0].multiply(eps[1]), sens[1].multiply(eps[0]));
    return new GridSampler() {
      @Override
      public long draw(RandomBits bits) {
        return sampler.draw(bits);
      }

      @Override
      public double halfWidth(double alpha) {
        // P(|K| > k) = 2 p^(k+1) / (1 + p), p = exp(-1/b): smallest k with this <= alpha, plus
        // one step of slack for the floating-point evaluation.
        double b = sampler.scale();
        double p = Math.exp(-1 / b);
        return Math.max(0, Math.ceil(-b * Math.log(alpha * (1 + p) / 2))) + 1;
      }
    };
  }

  /** Gaussian-family sampler: discrete Gaussian with the given sigma (in grid steps). */
  static GridSampler discreteGaussian(double sigma) {
    DiscreteGaussianSampler sampler = DiscreteGaussianSampler.ofSigma(sigma);
    return new GridSampler() {
      @Override
      public long draw(RandomBits bits) {
        return sampler.draw(bits);
      }

      @Override
      public double halfWidth(double alpha) {
        // The discrete Gaussian is sigma^2-subgaussian (CKS 2020, Corollary 23): P(|K| >= w) <=
        // 2 exp(-w^2 / (2 sigma^2)).
        return Math.ceil(sampler.sigma() * Math.sqrt(2 * Math.log(2 / alpha)) * (1 + 1e-12));
      }
    };
  }

  /** L1 norm of {@code l0} partitions changed by {@code perPartition} grid steps each (exact). */
  static double l1Combine(int l0Sensitivity, double perPartition) {
    double total = l0Sensitivity * perPartition;
    if (!(total <= 0x1p52)) {
      throw new IllegalArgumentException("sensitivity in grid steps must be <= 2^52 (l0Sensitivity "
          + "* lInfSensitivity too large, or epsilon above ~4096). Provided value: " + total);
    }
    return total;
  }

  /** L2 norm of {@code l0} partitions changed by {@code perPartition} grid steps each, rounded up. */
  static double l2Combine(int l0Sensitivity, double perPartition) {
    return GaussianCalibration.roundUp(Math.sqrt(l0Sensitivity) * perPartition);
  }

  /** Grid-step L1 sensitivity of a {@code d}-vector: {@code floor(D/g) + d}, or {@code D/g} on the grid. */
  static double l1VectorSensitivity(double sensitivity, double g, int d, boolean integerInput) {
    return integerInput ? sensitivity / g : l1Combine(1, Math.floor(sensitivity / g) + d);
  }

  /** Grid-step L2 sensitivity of a {@code d}-vector: {@code D/g + sqrt(d)}, or {@code D/g} on the grid. */
  static double l2VectorSensitivity(double sensitivity, double g, int d, boolean integerInput) {
    double steps = sensitivity / g;
    return integerInput
        ? steps
        : GaussianCalibration.roundUp(steps + GaussianCalibration.roundUp(Math.sqrt(d)));
  }

  /** Laplace scale {@code sensitivity / epsilon}; the sampler's scale is exact (rounded up). */
  static Calibrator laplaceCalibrator(double epsilon) {
    return new Calibrator() {
      @Override
      public double scale(double sensitivity) {
        return sensitivity / epsilon;
      }

      @Override
      public GridSampler sampler(double gridSensitivity) {
        return discreteLaplace(gridSensitivity, epsilon);
      }
    };
  }

  /** Gaussian sigma {@code sensitivity * unitSigma}, rounded up. */
  static Calibrator gaussianCalibrator(double unitSigma) {
    return new Calibrator() {
      @Override
      public double scale(double sensitivity) {
        return sensitivity * unitSigma;
      }

      @Override
      public GridSampler sampler(double gridSensitivity) {
        return discreteGaussian(GaussianCalibration.roundUp(gridSensitivity * unitSigma));
      }
    };
  }

  private static final class ScalarCalibration {
    final int l0;
    final double lInf;
    final double epsilon;
    final double delta;
    final boolean integerInput;
    final double granularity;
    final GridSampler sampler;

    ScalarCalibration(int l0, double lInf, double epsilon, double delta, boolean integerInput,
        double granularity, GridSampler sampler) {
      this.l0 = l0;
      this.lInf = lInf;
      this.epsilon = epsilon;
      this.delta = delta;
      this.integerInput = integerInput;
      this.granularity = granularity;
      this.sampler = sampler;
    }

    boolean matches(int l0, double lInf, double epsilon, double delta, boolean integerInput) {
      return this.l0 == l0 && this.lInf == lInf && this.epsilon == epsilon && this.delta == delta
          && this.integerInput == integerInput;
    }
  }
}
