package io.privrec.dp.bounding;

import io.privrec.dp.internal.DpPreconditions;

/**
 * Norm bounding of vectors and values: L2 clipping (as in DP-SGD, Abadi et al. 2016) and L∞
 * clamping. After clipping every user's vector to L2 norm C, the sum of the users' vectors has L2
 * sensitivity C under add/remove-one-user neighbours; after clamping to {@code [lower, upper]} each
 * coordinate changes by at most {@code max(|lower|, |upper|)}.
 *
 * <p>Inputs must be finite: NaN and ±∞ coordinates are rejected with {@link
 * IllegalArgumentException} (a non-finite vector has no meaningful direction). The methods return
 * new arrays and never modify their arguments. Stateless and thread-safe.
 */
public final class VectorClipping {

  private VectorClipping() {}

  /**
   * Returns {@code vector} scaled by {@code min(1, maxNorm / ||vector||₂)}: unchanged if its L2 norm
   * is at most {@code maxNorm}, otherwise rescaled to norm {@code maxNorm} (up to rounding: the
   * result's norm never exceeds {@code maxNorm·(1 + 1e-15)}). The zero vector and the empty vector
   * are returned unchanged. The norm is computed with scaling, so huge or tiny coordinates do not
   * overflow or underflow.
   *
   * @throws IllegalArgumentException if {@code maxNorm} is not finite and {@code > 0}, or a
   *     coordinate is not finite
   * @throws NullPointerException if {@code vector} is null
   */
  public static double[] clipL2(double[] vector, double maxNorm) {
    DpPreconditions.checkNotNull(vector, "vector");
    DpPreconditions.checkPositive("maxNorm", maxNorm);
    double norm = l2Norm(vector);
    double[] out = vector.clone();
    if (norm > maxNorm) {
      // Dividing by the norm first keeps the intermediate in [-1, 1] even for huge vectors; the
      // nextDown guards the bound against the two roundings.
      double scale = Math.nextDown(maxNorm / norm);
      for (int i = 0; i < out.length; i++) {
        out[i] *= scale;
      }
      double clipped = l2Norm(out);
      if (clipped > maxNorm) {
        double shrink = Math.nextDown(maxNorm / clipped);
        for (int i = 0; i < out.length; i++) {
          out[i] *= shrink;
        }
      }
    }
    return out;
  }

  /**
   * Returns the Euclidean norm of {@code vector}, without intermediate overflow or underflow.
   *
   * @throws IllegalArgumentException if a coordinate is not finite
   */
  public static double l2Norm(double[] vector) {
    DpPreconditions.checkNotNull(vector, "vector");
    double max = 0;
    for (int i = 0; i < vector.length; i++) {
      double v = vector[i];
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(
            "vector[" + i + "] must be finite. Provided value: " + v);
      }
      max = Math.max(max, Math.abs(v));
    }
    if (max == 0) {
      return 0;
    }
    double sum = 0;
    for (double v : vector) {
      double s = v / max;
      sum += s * s;
    }
    return max * Math.sqrt(sum);
  }

  /**
   * Returns {@code values} with every coordinate clamped into {@code [lower, upper]}.
   *
   * @throws IllegalArgumentException if the bounds are not finite with {@code lower < upper}, or a
   *     value is not finite
   */
  public static double[] clamp(double[] values, double lower, double upper) {
    DpPreconditions.checkNotNull(values, "values");
    DpPreconditions.checkBounds("lower", lower, "upper", upper);
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(
            "values[" + i + "] must be finite. Provided value: " + v);
      }
      out[i] = Math.max(lower, Math.min(upper, v));
    }
    return out;
  }
}
