package io.privrec.core.cf.dp.internal;

/**
 * Adds the Gaussian noise of a release to a statistic laid out as a segmented vector (the
 * concatenation of {@code segments}, e.g. the rows of a lower triangle). Every entry gets
 * independent noise of one standard deviation, calibrated so that the whole vector is one Gaussian
 * mechanism for the stated L2 sensitivity.
 *
 * <p>The production implementation is {@link GramGaussianNoise}; tests substitute a zero-noise
 * double to check that everything else is the exact computation on bounded data.
 */
public interface GramNoise {

  /**
   * Adds noise giving (ε, δ)-DP (analytic Gaussian mechanism) in place.
   *
   * @param l2Sensitivity L2 norm of the largest change one privacy unit causes to the vector
   * @param maxTouched most entries one privacy unit can change
   */
  void addAnalytic(double[][] segments, double l2Sensitivity, double epsilon, double delta, long maxTouched);

  /**
   * Adds noise giving ρ-zCDP (Gaussian noise of standard deviation Δ/√(2ρ)) in place.
   *
   * @param l2Sensitivity L2 norm of the largest change one privacy unit causes to the vector
   * @param maxTouched most entries one privacy unit can change
   */
  void addZcdp(double[][] segments, double l2Sensitivity, double rho, long maxTouched);
}
