package io.privrec.dp.noise;

import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.internal.SpecialFunctions;

/**
 * Standard deviations of the Gaussian mechanism for a given L2 sensitivity and privacy target.
 *
 * <p>Every method rounds towards <em>more</em> noise: floating-point results are nudged up, and
 * bisections return the end of the bracket that satisfies the privacy constraint.
 *
 * <ul>
 *   <li>{@link #classicalSigma}: {@code sigma = Delta sqrt(2 ln(1.25/delta)) / epsilon} (Dwork and
 *       Roth 2014, Theorem A.1), valid only for {@code epsilon < 1}.
 *   <li>{@link #analyticSigma}: the smallest sigma with {@code Phi(Delta/(2 sigma) - epsilon
 *       sigma/Delta) - e^epsilon Phi(-Delta/(2 sigma) - epsilon sigma/Delta) <= delta} (Balle and
 *       Wang, "Improving the Gaussian Mechanism for Differential Privacy", ICML 2018, Theorem 8),
 *       exact for every epsilon, found by bisection to a relative width of 1e-12.
 *   <li>{@link #zcdpSigma}: {@code sigma = Delta / sqrt(2 rho)} gives rho-zCDP (Bun and Steinke
 *       2016, Proposition 1.6; for the discrete Gaussian Canonne, Kamath and Steinke 2020, Theorem
 *       4).
 *   <li>{@link #zcdpDelta}/{@link #zcdpRho}: conversion of rho-zCDP to (epsilon, delta)-DP, {@code
 *       delta = inf_{a > 1} exp((a - 1)(a rho - epsilon)) / (a - 1) (1 - 1/a)^a} (Canonne, Kamath
 *       and Steinke 2020, Corollary 13).
 * </ul>
 *
 * <p>All methods reject NaN, infinite, zero or negative arguments with {@link
 * IllegalArgumentException} naming the parameter. Stateless and thread-safe.
 */
public final class GaussianCalibration {

  /**
   * Relative error bound assumed for {@link #normalCdf}; inflating the first term by it and
   * deflating the subtracted one keeps the computed delta an upper bound. It covers {@link
   * SpecialFunctions#erfc}'s own error (at most {@link SpecialFunctions#ERFC_MAX_RELATIVE_ERROR} =
   * 1e-15, enforced by its tests) plus the rounding of the argument {@code −x/√2} (a relative
   * {@code 2⁻⁵²} at most, which erfc at {@code y} magnifies about {@code 2y²}-fold: below 3.4e-13
   * wherever erfc does not underflow, {@code |y| < 27.3}), with a margin of more than 2; the
   * tests check that it does.
   */
  static final double ERFC_RELATIVE_ERROR = 1e-12;
  private static final double BISECTION_RELATIVE_WIDTH = 1e-12;

  private GaussianCalibration() {}

  /**
   * Returns the classical calibration {@code l2Sensitivity sqrt(2 ln(1.25/delta)) / epsilon}.
   *
   * @throws IllegalArgumentException unless {@code l2Sensitivity > 0} is finite, {@code 0 < epsilon
   *     < 1} and {@code 0 < delta < 1}
   */
  public static double classicalSigma(double l2Sensitivity, double epsilon, double delta) {
    DpPreconditions.checkPositive("l2Sensitivity", l2Sensitivity);
    if (!(epsilon >= DpPreconditions.MIN_NOISE_EPSILON && epsilon < 1)) {
      throw DpPreconditions.fail(
          "epsilon", "must be in [2^-50, 1) for the classical Gaussian calibration", epsilon);
    }
    DpPreconditions.checkDelta(delta, MechanismType.GAUSSIAN);
    return roundUp(l2Sensitivity * Math.sqrt(2 * Math.log(1.25 / delta)) / epsilon);
  }

  /**
   * Returns the analytic Gaussian calibration of Balle and Wang (2018): the smallest sigma (up to a
   * relative 1e-12, rounded up) for which Gaussian noise gives (epsilon, delta)-DP at the given
   * L2 sensitivity.
   *
   * @throws IllegalArgumentException unless {@code l2Sensitivity > 0} and {@code epsilon >=
   *     2^-50} are finite and {@code 0 < delta < 1}
   */
  public static double analyticSigma(double l2Sensitivity, double epsilon, double delta) {
    DpPreconditions.checkPositive("l2Sensitivity", l2Sensitivity);
    DpPreconditions.checkNoiseEpsilon(epsilon);
    DpPreconditions.checkDelta(delta, MechanismType.GAUSSIAN);
    // Calibrate sigma for sensitivity 1, then scale: delta depends on sigma/Delta only.
    double hi = 1;
    while (analyticDeltaUpperBound(hi, epsilon) > delta) {
      hi *= 2;
    }
    double lo = hi / 2;
    while (lo > Double.MIN_NORMAL && analyticDeltaUpperBound(lo, epsilon) <= delta) {
      hi = lo;
      lo /= 2;
    }
    while (hi - lo > BISECTION_RELATIVE_WIDTH * hi) {
      double mid = lo + (hi - lo) / 2;
      if (analyticDeltaUpperBound(mid, epsilon) <= delta) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return roundUp(hi * l2Sensitivity);
  }

  /**
   * Returns an upper bound on the delta of the Gaussian mechanism with standard deviation {@code
   * sigma} at sensitivity 1 and the given {@code epsilon} (Balle and Wang 2018, Theorem 8).
   */
  static double analyticDeltaUpperBound(double sigma, double epsilon) {
    double a = 1 / (2 * sigma) - epsilon * sigma;
    double b = -1 / (2 * sigma) - epsilon * sigma;
    double first = normalCdf(a) * (1 + ERFC_RELATIVE_ERROR);
    // e^ε·Φ(b) in log space: e^ε alone overflows above ε ≈ 709 while Φ(b) underflows.
    double second = Math.exp(epsilon + logNormalCdfLowerBound(b)) * (1 - ERFC_RELATIVE_ERROR);
    return first - second;
  }

  /** Φ(x) = erfc(−x/√2)/2, within a relative {@link #ERFC_RELATIVE_ERROR} where it is normal. */
  static double normalCdf(double x) {
    return 0.5 * SpecialFunctions.erfc(-x / Math.sqrt(2));
  }

  /**
   * A lower bound on {@code ln Φ(x)}: exact (to erfc's accuracy) above −30, below it the
   * asymptotic series {@code Φ(x) = φ(x)/|x|·(1 − 1/x² + 3/x⁴ − 15/x⁶ + …)} cut after a negative
   * term, which underestimates (Abramowitz &amp; Stegun 26.2.12).
   */
  static double logNormalCdfLowerBound(double x) {
    if (x > -30) {
      return Math.log(normalCdf(x));
    }
    double x2 = x * x;
    double series = 1 - 1 / x2 + 3 / (x2 * x2) - 15 / (x2 * x2 * x2);
    return -x2 / 2 - Math.log(-x) - 0.5 * Math.log(2 * Math.PI) + Math.log(series);
  }

  /**
   * Returns {@code l2Sensitivity / sqrt(2 rho)}, rounded up: Gaussian (or discrete Gaussian) noise
   * with this standard deviation is rho-zCDP.
   *
   * @throws IllegalArgumentException unless both arguments are finite and {@code > 0}
   */
  public static double zcdpSigma(double l2Sensitivity, double rho) {
    DpPreconditions.checkPositive("l2Sensitivity", l2Sensitivity);
    DpPreconditions.checkPositive("rho", rho);
    return roundUp(l2Sensitivity / Math.sqrt(2 * rho));
  }

  /**
   * Returns an upper bound on the delta at which a rho-zCDP mechanism is (epsilon, delta)-DP
   * (Canonne, Kamath and Steinke 2020, Corollary 13). Any order {@code a > 1} gives a valid bound;
   * the order is optimised numerically, so the result is the bound at the best order found.
   *
   * @throws IllegalArgumentException unless {@code rho > 0} and {@code epsilon >= 0} are finite
   */
  public static double zcdpDelta(double rho, double epsilon) {
    DpPreconditions.checkPositive("rho", rho);
    if (!(epsilon >= 0 && Double.isFinite(epsilon))) {
      throw new IllegalArgumentException(
          "epsilon must be finite and >= 0. Provided value: " + epsilon);
    }
    // Golden-section search of log delta(a) over a in (1, aMax]; the optimum is near (1 +
    // epsilon/rho)/2 + 1.
    double lo = 1 + 1e-9;
    double hi = Math.max(4, 4 * (1 + epsilon / rho));
    double ratio = (Math.sqrt(5) - 1) / 2;
    double x1 = hi - ratio * (hi - lo);
    double x2 = lo + ratio * (hi - lo);
    double f1 = logZcdpDelta(x1, rho, epsilon);
    double f2 = logZcdpDelta(x2, rho, epsilon);
    for (int i = 0; i < 200; i++) {
      if (f1 < f2) {
        hi = x2;
        x2 = x1;
        f2 = f1;
        x1 = hi - ratio * (hi - lo);
        f1 = logZcdpDelta(x1, rho, epsilon);
      } else {
        lo = x1;
        x1 = x2;
        f1 = f2;
        x2 = lo + ratio * (hi - lo);
        f2 = logZcdpDelta(x2, rho, epsilon);
      }
    }
    double best = Math.min(f1, f2);
    // exp and the log terms each carry a few ulps of error: inflate by a relative 1e-12.
    return Math.min(1.0, Math.exp(best) * (1 + 1e-12));
  }

  private static double logZcdpDelta(double a, double rho, double epsilon) {
    return (a - 1) * (a * rho - epsilon) + a * Math.log1p(-1 / a) - Math.log(a - 1);
  }

  /**
   * Returns the largest rho (up to a relative 1e-12, rounded down) such that rho-zCDP implies
   * (epsilon, delta)-DP by {@link #zcdpDelta}.
   *
   * @throws IllegalArgumentException unless {@code epsilon >= 2^-50} is finite and {@code 0 < delta
   *     < 1}
   */
  public static double zcdpRho(double epsilon, double delta) {
    DpPreconditions.checkNoiseEpsilon(epsilon);
    DpPreconditions.checkDelta(delta, MechanismType.DISCRETE_GAUSSIAN);
    double lo = epsilon * epsilon / 1e6;
    while (zcdpDelta(lo, epsilon) > delta) {
      lo /= 2;
    }
    double hi = lo * 2;
    while (zcdpDelta(hi, epsilon) <= delta) {
      lo = hi;
      hi *= 2;
    }
    while (hi - lo > BISECTION_RELATIVE_WIDTH * hi) {
      double mid = lo + (hi - lo) / 2;
      if (zcdpDelta(mid, epsilon) <= delta) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Rounds a result of a handful of correctly rounded operations up past their error. */
  static double roundUp(double value) {
    return Math.nextUp(value * (1 + 0x1p-50));
  }
}
