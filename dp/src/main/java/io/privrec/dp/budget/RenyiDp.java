package io.privrec.dp.budget;

import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.internal.SpecialFunctions;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * Rényi differential privacy (RDP): curves of common mechanisms and the conversion to (ε, δ).
 *
 * <p>A mechanism is (α, r)-RDP if the Rényi divergence of order α between its output distributions
 * on neighbouring datasets is at most r (Mironov 2017, Def. 4); RDP curves of adaptively composed
 * mechanisms add up order by order (Mironov 2017, Prop. 1). A ρ-zCDP mechanism is (α, ρα)-RDP for
 * every α &gt; 1 (Bun &amp; Steinke 2016, Def. 1.1).
 *
 * <p><b>Conversion to (ε, δ).</b> An (α, r)-RDP mechanism is (ε, δ)-DP for
 *
 * <pre>ε = r + log((α − 1)/α) − (log δ + log α)/(α − 1)</pre>
 *
 * (Balle, Barthe, Gaboardi, Hsu &amp; Sato 2020, Thm. 21; algebraically identical to Canonne, Kamath
 * &amp; Steinke 2020, Prop. 12). It is never worse than Mironov's {@code r + log(1/δ)/(α − 1)}: the
 * difference, {@code log(1 − 1/α) − log(α)/(α − 1)}, is negative for every α &gt; 1. {@link
 * #epsilon(DoubleUnaryOperator, double)} minimises it over α: first over a fixed grid of orders
 * (1.01–1.09 by 0.01, 1.1–10.9 by 0.1, the integers 11–64, then integers growing by about 12.5% up
 * to 10<sup>6</sup>), then by golden-section search between the best grid order's neighbours. Any α
 * gives a valid bound, so the search affects only tightness, never soundness.
 *
 * <p>Non-finite behaviour: a curve value that is NaN or +∞ at some order makes that order unusable
 * (it is skipped); if no order is usable the result is +∞. All methods are stateless and
 * thread-safe.
 *
 * <h2>References</h2>
 *
 * <ul>
 *   <li>I. Mironov. Rényi differential privacy. CSF 2017.
 *   <li>I. Mironov, K. Talwar, L. Zhang. Rényi differential privacy of the sampled Gaussian
 *       mechanism. arXiv:1908.10530, 2019.
 *   <li>M. Bun, T. Steinke. Concentrated differential privacy: simplifications, extensions, and
 *       lower bounds. TCC 2016.
 *   <li>B. Balle et al. Hypothesis testing interpretations and Rényi differential privacy. AISTATS
 *       2020.
 *   <li>C. Canonne, G. Kamath, T. Steinke. The discrete Gaussian for differential privacy. NeurIPS
 *       2020.
 * </ul>
 */
public final class RenyiDp {

  /**
   * Largest order at which {@link #subsampledGaussian} is evaluated; its cost grows linearly with
   * the order.
   */
  public static final double MAX_SUBSAMPLED_ORDER = 100_000;

  private static final double[] ORDERS = buildOrders();
  /** Per grid order: log((α − 1)/α) − log(α)/(α − 1), the δ-free part of the conversion. */
  private static final double[] CONVERSION_OFFSET = new double[ORDERS.length];
  /** Per grid order: 1/(α − 1), the factor of −log δ. */
  private static final double[] INVERSE_ORDER_MINUS_ONE = new double[ORDERS.length];

  static {
    for (int i = 0; i < ORDERS.length; i++) {
      double a = ORDERS[i];
      CONVERSION_OFFSET[i] = Math.log1p(-1 / a) - Math.log(a) / (a - 1);
      INVERSE_ORDER_MINUS_ONE[i] = 1 / (a - 1);
    }
  }
  private static final double LOG_HALF = Math.log(0.5);
  private static final double SQRT2 = Math.sqrt(2);
  private static final int GOLDEN_ITERATIONS = 64;

  private RenyiDp() {}

  /**
   * Returns the RDP of one release of the Gaussian mechanism at {@code order}: α/(2σ²), where σ is
   * the {@code noiseMultiplier}, the noise standard deviation divided by the L2 sensitivity
   * (Mironov 2017, Prop. 7).
   *
   * @throws IllegalArgumentException if {@code noiseMultiplier} is not finite and {@code > 0}, if
   *     {@code order} is not finite and {@code > 1}, or if the result overflows
   */
  public static double gaussian(double noiseMultiplier, double order) {
    DpPreconditions.checkPositive("noiseMultiplier", noiseMultiplier);
    DpPreconditions.checkRenyiOrder(order);
    return DpPreconditions.checkNoOverflow(
        order / (2 * noiseMultiplier * noiseMultiplier), "noiseMultiplier", noiseMultiplier);
  }

  /**
   * Returns the RDP at {@code order} of one step of the Poisson-subsampled Gaussian mechanism: each
   * user is included independently with probability q, and the included users' contributions,
   * each clipped to L2 norm C, are summed and perturbed with N(0, (σC)²) noise. Neighbouring
   * datasets differ by adding or removing one user.
   *
   * <p>The value is log A_α/(α − 1) with A_α = E<sub>z∼N(0,σ²)</sub>[(1 − q + q·e<sup>(2z −
   * 1)/(2σ²)</sup>)<sup>α</sup>] (Mironov, Talwar &amp; Zhang 2019, Sec. 3.3): for integer α by the
   * finite binomial expansion, for fractional α by their convergent series split at z₀ = σ²
   * log(1/q − 1) + 1/2, summed in log space with signed binomial coefficients. The series stops
   * once past the index α and its terms are below e<sup>−40</sup> of the running sum (relative
   * error below 10<sup>−15</sup> for the terms left out). If cancellation ever made the sum
   * non-positive the method returns +∞, a conservative answer.
   *
   * @param samplingProbability q, in {@code (0, 1]}; q = 1 is the plain Gaussian
   * @param noiseMultiplier σ, the noise standard deviation divided by the clipping norm C
   * @param order α, finite, {@code > 1} and at most {@link #MAX_SUBSAMPLED_ORDER}
   * @throws IllegalArgumentException if a parameter is out of range
   */
  public static double subsampledGaussian(
      double samplingProbability, double noiseMultiplier, double order) {
    DpPreconditions.checkProbability("samplingProbability", samplingProbability);
    DpPreconditions.checkPositive("noiseMultiplier", noiseMultiplier);
    DpPreconditions.checkRenyiOrder(order);
    if (!(order <= MAX_SUBSAMPLED_ORDER)) {
      throw new IllegalArgumentException(
          "order must be <= " + MAX_SUBSAMPLED_ORDER + " for the subsampled Gaussian. Provided"
              + " value: " + order);
    }
    if (samplingProbability == 1) {
      return gaussian(noiseMultiplier, order);
    }
    double logA =
        order == Math.rint(order)
            ? logAInteger(samplingProbability, noiseMultiplier, (int) order)
            : logAFractional(samplingProbability, noiseMultiplier, order);
    // A_α >= 1 (a Rényi divergence is non-negative); clamp rounding just below 0.
    return Math.max(0, logA) / (order - 1);
  }

  /**
   * Returns ε such that an (α, r)-RDP mechanism is (ε, δ)-DP, by the conversion in the class
   * documentation; never negative.
   *
   * @param order α, finite and {@code > 1}
   * @param rdp r, finite and {@code >= 0}
   * @param delta δ, in {@code (0, 1)}
   * @throws IllegalArgumentException if a parameter is out of range
   */
  public static double epsilonAtOrder(double order, double rdp, double delta) {
    DpPreconditions.checkRenyiOrder(order);
    DpPreconditions.checkNonNegative("rdp", rdp);
    DpPreconditions.checkPositiveDelta("delta", delta);
    return epsilonAtOrderUnchecked(order, rdp, Math.log(delta));
  }

  /**
   * Returns the smallest ε found over orders α such that a mechanism with the RDP curve {@code
   * rdpCurve} is (ε, δ)-DP (see the class documentation for the search). The curve is called at
   * about 300 orders in (1, 10<sup>6</sup>]; it must return a valid RDP upper bound, +∞ or NaN
   * (both treated as "no bound at this order"). A curve that is expensive at high orders (such as
   * {@link #subsampledGaussian}, linear in the order) should return +∞ above the orders it can
   * afford; the accountant stops subsampled-Gaussian curves at order 1024.
   *
   * @return ε, or +∞ if the curve is not finite at any order
   * @throws IllegalArgumentException if δ is not in {@code (0, 1)}
   */
  public static double epsilon(DoubleUnaryOperator rdpCurve, double delta) {
    DpPreconditions.checkNotNull(rdpCurve, "rdpCurve");
    DpPreconditions.checkPositiveDelta("delta", delta);
    double[] grid = new double[ORDERS.length];
    for (int i = 0; i < ORDERS.length; i++) {
      grid[i] = rdpCurve.applyAsDouble(ORDERS[i]);
    }
    return minimizeEpsilon(grid, rdpCurve, delta);
  }

  /**
   * Returns ε such that a ρ-zCDP mechanism is (ε, δ)-DP, optimising the conversion over α
   * continuously (Canonne, Kamath &amp; Steinke 2020, Prop. 12 / Cor. 13); tighter than Bun &amp;
   * Steinke's {@code ρ + 2√(ρ log(1/δ))}.
   *
   * @throws IllegalArgumentException if ρ is not finite and {@code > 0}, or δ is not in (0, 1)
   */
  public static double zcdpToEpsilon(double rho, double delta) {
    DpPreconditions.checkPositive("rho", rho);
    return epsilon(order -> rho * order, delta);
  }

  /** The grid of orders used by the ε search; a fresh copy. */
  static double[] orders() {
    return ORDERS.clone();
  }

  /** Number of grid orders. */
  static int orderCount() {
    return ORDERS.length;
  }

  /** The grid order at {@code index}. */
  static double order(int index) {
    return ORDERS[index];
  }

  /**
   * Minimises the conversion given the curve's values {@code gridRdp} at the grid orders and the
   * curve itself for the refinement. Returns +∞ when no order is usable.
   */
  static double minimizeEpsilon(double[] gridRdp, DoubleUnaryOperator curve, double delta) {
    double logDelta = Math.log(delta);
    int best = -1;
    double bestEpsilon = Double.POSITIVE_INFINITY;
    for (int i = 0; i < ORDERS.length; i++) {
      double rdp = gridRdp[i];
      if (!(rdp >= 0 && rdp < Double.POSITIVE_INFINITY)) {
        continue;
      }
      // Same formula as epsilonAtOrderUnchecked, with the order-only terms precomputed.
      double e = Math.max(0, rdp + CONVERSION_OFFSET[i] - logDelta * INVERSE_ORDER_MINUS_ONE[i]);
      if (e < bestEpsilon) {
        bestEpsilon = e;
        best = i;
      }
    }
    if (best < 0) {
      return Double.POSITIVE_INFINITY;
    }
    double lo = best == 0 ? 1 + (ORDERS[0] - 1) / 2 : ORDERS[best - 1];
    double hi = best == ORDERS.length - 1 ? ORDERS[best] : ORDERS[best + 1];
    return Math.min(bestEpsilon, goldenSection(curve, logDelta, lo, hi));
  }

  private static double goldenSection(
      DoubleUnaryOperator curve, double logDelta, double lo, double hi) {
    final double invPhi = (Math.sqrt(5) - 1) / 2;
    double a = lo;
    double b = hi;
    double c = b - invPhi * (b - a);
    double d = a + invPhi * (b - a);
    double fc = epsilonOrInfinity(c, curve.applyAsDouble(c), logDelta);
    double fd = epsilonOrInfinity(d, curve.applyAsDouble(d), logDelta);
    double best = Math.min(fc, fd);
    for (int it = 0; it < GOLDEN_ITERATIONS && b - a > 1e-10 * b; it++) {
      if (fc <= fd) {
        b = d;
        d = c;
        fd = fc;
        c = b - invPhi * (b - a);
        fc = epsilonOrInfinity(c, curve.applyAsDouble(c), logDelta);
        best = Math.min(best, fc);
      } else {
        a = c;
        c = d;
        fc = fd;
        d = a + invPhi * (b - a);
        fd = epsilonOrInfinity(d, curve.applyAsDouble(d), logDelta);
        best = Math.min(best, fd);
      }
    }
    return best;
  }

  private static double epsilonOrInfinity(double order, double rdp, double logDelta) {
    if (!(rdp >= 0 && rdp < Double.POSITIVE_INFINITY)) {
      return Double.POSITIVE_INFINITY;
    }
    double e = epsilonAtOrderUnchecked(order, rdp, logDelta);
    return Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
  }

  private static double epsilonAtOrderUnchecked(double order, double rdp, double logDelta) {
    // Balle et al. 2020, Thm. 21: eps = r + log((α-1)/α) - (log δ + log α)/(α-1).
    double e = rdp + Math.log1p(-1 / order) - (logDelta + Math.log(order)) / (order - 1);
    return Math.max(0, e);
  }

  private static double[] buildOrders() {
    double[] orders = new double[512];
    int n = 0;
    for (int k = 1; k <= 9; k++) {
      orders[n++] = 1 + k / 100.0;
    }
    for (int k = 1; k <= 99; k++) {
      orders[n++] = 1 + k / 10.0;
    }
    for (int k = 11; k <= 64; k++) {
      orders[n++] = k;
    }
    double next = 64;
    while (next < 1e6) {
      next = Math.rint(next * 1.125);
      orders[n++] = next;
    }
    return Arrays.copyOf(orders, n);
  }

  /** log A_α for integer α >= 2: log Σ_i C(α,i) q^i (1-q)^(α-i) e^((i²-i)/(2σ²)). */
  private static double logAInteger(double q, double sigma, int alpha) {
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q);
    double inv2s2 = 1 / (2 * sigma * sigma);
    double[] terms = new double[alpha + 1];
    double logCoef = 0;
    for (int i = 0; i <= alpha; i++) {
      if (i > 0) {
        logCoef += Math.log(alpha - i + 1) - Math.log(i);
      }
      double di = i;
      terms[i] = logCoef + di * logQ + (alpha - di) * log1mQ + (di * di - di) * inv2s2;
    }
    return logSumExp(terms);
  }

  /** log A_α for fractional α > 1, series of Mironov, Talwar & Zhang 2019, Sec. 3.3. */
  private static double logAFractional(double q, double sigma, double alpha) {
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q);
    double inv2s2 = 1 / (2 * sigma * sigma);
    double z0 = sigma * sigma * (log1mQ - logQ) + 0.5;
    double logPositive = Double.NEGATIVE_INFINITY;
    double logNegative = Double.NEGATIVE_INFINITY;
    double logAbsCoef = 0;
    int sign = 1;
    long maxTerms = (long) alpha + 1_000_000L;
    boolean converged = false;
    for (long k = 0; k < maxTerms && !converged; k++) {
      double i = k;
      double j = alpha - i;
      double s0 =
          logAbsCoef + i * logQ + j * log1mQ + (i * i - i) * inv2s2
              + LOG_HALF + logErfc((i - z0) / (SQRT2 * sigma));
      double s1 =
          logAbsCoef + j * logQ + i * log1mQ + (j * j - j) * inv2s2
              + LOG_HALF + logErfc((z0 - j) / (SQRT2 * sigma));
      if (sign > 0) {
        logPositive = logAdd(logPositive, logAdd(s0, s1));
      } else {
        logNegative = logAdd(logNegative, logAdd(s0, s1));
      }
      converged = i > alpha && Math.max(s0, s1) < logPositive - 40;
      // C(α, k+1) = C(α, k) (α - k)/(k + 1); the sign flips whenever α - k < 0.
      logAbsCoef += Math.log(Math.abs(alpha - i)) - Math.log(i + 1);
      if (alpha - i < 0) {
        sign = -sign;
      }
    }
    if (!converged || !(logNegative < logPositive)) {
      // Unconverged or cancelled: no trustworthy bound, so report none (conservative).
      return Double.POSITIVE_INFINITY;
    }
    return logPositive + Math.log(-Math.expm1(logNegative - logPositive));
  }

  /** log(erfc(x)), accurate also where erfc(x) underflows. */
  static double logErfc(double x) {
    if (x < 25) {
      return Math.log(SpecialFunctions.erfc(x));
    }
    // Asymptotic expansion (Abramowitz & Stegun 7.1.23); at x >= 25 the first omitted term is
    // below 1e-16 relative.
    double inv2x2 = 1 / (2 * x * x);
    double series = 1 - inv2x2 * (1 - 3 * inv2x2 * (1 - 5 * inv2x2 * (1 - 7 * inv2x2)));
    return -x * x - Math.log(x) - 0.5 * Math.log(Math.PI) + Math.log(series);
  }

  private static double logAdd(double a, double b) {
    double max = Math.max(a, b);
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    return max + Math.log1p(Math.exp(Math.min(a, b) - max));
  }

  private static double logSumExp(double[] terms) {
    double max = Double.NEGATIVE_INFINITY;
    for (double t : terms) {
      max = Math.max(max, t);
    }
    if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    for (double t : terms) {
      sum += Math.exp(t - max);
    }
    return max + Math.log(sum);
  }
}
