package io.privrec.dp.internal;

/**
 * Special functions needed by the privacy calibrations, in double precision.
 *
 * <h2>Complementary error function</h2>
 * {@link #erfc(double)} computes {@code erfc(x) = (2/√π) ∫ₓ^∞ e^{−t²} dt} in three regions:
 *
 * <ul>
 *   <li>{@code |x| < 2}: {@code 1 ∓ erf(|x|)} with the Maclaurin series {@code erf(x) = (2/√π) Σ
 *       (−1)ⁿ x^{2n+1} / (n! (2n+1))} (Abramowitz &amp; Stegun, <i>Handbook of Mathematical
 *       Functions</i>, 7.1.5), summed in double-double arithmetic (an unevaluated sum of two
 *       doubles, about 106 bits: Dekker, "A floating-point technique for extending the available
 *       precision", Numer. Math. 18, 1971; error-free products by {@link Math#fma}). The series
 *       alternates, but here the magnitudes of its terms add up to at most 19 times its sum, and
 *       {@code erfc(2) ≈ 0.0047}, so the cancellations in the sum and in {@code 1 − erf} cost at
 *       most 13 of the 106 bits: the result is the double-double value rounded once.
 *   <li>{@code x >= 2}: the regularised upper incomplete gamma function {@code erfc(x) = Q(½, x²) =
 *       x e^{−x²} / (√π K)}, with {@code K} the continued fraction {@code z + ½ − 1·½/(z + 5/2 −
 *       2·3/2/(z + 9/2 − …))}, {@code z = x²} (the even contraction of A&amp;S 6.5.31, as in Press,
 *       Teukolsky, Vetterling &amp; Flannery, <i>Numerical Recipes</i>, 3rd ed., §6.2). It is
 *       evaluated backwards from a fixed depth {@code 8 + ⌈128/z⌉} (at most 40), not forwards by the
 *       modified Lentz method: the fraction converges slowly for small {@code z} (the error after
 *       {@code n} terms falls like {@code e^{−4√(nz)}}), and a forward evaluation accumulates a
 *       rounding error per term (measured up to 1e-14 relative near x = 1), whereas the backward
 *       one damps earlier errors. The depth leaves the truncation error below 2⁻⁶⁰.
 *   <li>{@code x <= −2}: {@code erfc(x) = 2 − erfc(−x)}.
 * </ul>
 *
 * <p>The factor {@code e^{−x²}} is formed without the rounding error of {@code x²} (which would
 * otherwise add a relative {@code x²·2⁻⁵³} to the result, about 1e-13 at x = 27): {@code x·x = z +
 * r} exactly with {@code r = fma(x, x, −z)}, and {@code e^{−x²} = e^{−z}(1 − r)} to far below an
 * ulp ({@code |r| <= 2⁻⁴⁴}). Where {@code e^{−z}} would be subnormal it is applied as two factors
 * {@code e^{−z/2}}, so the result is rounded only once into the subnormal range.
 *
 * <h2>Accuracy</h2>
 * The relative error of {@link #erfc(double)} is at most {@link #ERFC_MAX_RELATIVE_ERROR} (1e-15,
 * about 4.5 units of 2⁻⁵³) wherever the result is a normal double ({@code x < 26.54}); for
 * subnormal results the absolute error is at most {@code ERFC_MAX_RELATIVE_ERROR·erfc(x) +
 * 2⁻¹⁰⁷⁴}. Below {@code |x| = 2} the result is the correctly rounded value up to the double-double
 * error; above, it carries the rounding of seven operations (one of them {@link Math#exp}, within 1
 * ulp) and of the continued fraction. The tests enforce the bound against 50-digit reference
 * values; the largest error measured on 60,000 points over [−6, 27.5] is about 1.1e-16 below 2 and
 * 5e-16 above.
 *
 * <p>Stateless and thread-safe. Not API: see the package description.
 */
public final class SpecialFunctions {

  /**
   * Bound on the relative error of {@link #erfc(double)} for normal results (see the class
   * description), enforced by the tests.
   */
  public static final double ERFC_MAX_RELATIVE_ERROR = 1e-15;

  /** 2/√π as a double-double: high part rounded to nearest, low part the rest. */
  private static final double TWO_OVER_SQRT_PI_HI = 1.1283791670955126;
  private static final double TWO_OVER_SQRT_PI_LO = 1.533545961316588e-17;
  /** 1/√π rounded to nearest (relative error 2.4e-17). */
  private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;
  /** Below this |x| the Maclaurin series of erf is used, from it the continued fraction. */
  static final double SERIES_LIMIT = 2;
  /** Stop the series once a term is below this fraction of the sum. */
  private static final double SERIES_TOLERANCE = 0x1p-110;
  /** From this x on, erfc(x) < 2⁻¹⁰⁷⁵ rounds to zero (the threshold is 27.2260). */
  private static final double UNDERFLOW = 27.3;
  /** Above this, e^{−z} is subnormal (ln(2⁻¹⁰²²) ≈ −708.4); it is applied in two halves. */
  private static final double SPLIT_EXPONENT = 700;

  private SpecialFunctions() {}

  /**
   * The complementary error function {@code erfc(x) = 1 − erf(x)}, with relative error at most
   * {@link #ERFC_MAX_RELATIVE_ERROR} where the result is a normal double (see the class
   * description).
   *
   * @return a value in {@code [0, 2]}, decreasing in {@code x} up to rounding: NaN for NaN, {@code
   *     2} at {@code −∞} and where {@code erfc(x)} rounds to 2 ({@code x < −5.9}), {@code 0} at
   *     {@code +∞} and where it underflows ({@code x > 27.226})
   */
  public static double erfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (Math.abs(x) < SERIES_LIMIT) {
      return erfcSeries(x);
    }
    return x > 0 ? erfcContinuedFraction(x) : 2 - erfcContinuedFraction(-x);
  }

  /** erfc(x) for {@code |x| < 2}: 1 ∓ erf(|x|) by A&amp;S 7.1.5 in double-double. */
  private static double erfcSeries(double x) {
    double ax = Math.abs(x);
    // −z = −x² exactly, as a double-double.
    double mzHi = -ax * ax;
    double mzLo = -Math.fma(ax, ax, mzHi);
    // power = (−z)ⁿ/n!, sum = Σ power/(2n+1); both double-double.
    double pHi = 1;
    double pLo = 0;
    double sHi = 1;
    double sLo = 0;
    for (int n = 1; ; n++) {
      // power *= −z
      double hi = pHi * mzHi;
      double lo = Math.fma(pHi, mzHi, -hi) + (pHi * mzLo + pLo * mzHi);
      pHi = hi + lo;
      pLo = lo - (pHi - hi);
      // power /= n
      double q = pHi / n;
      double rest = (Math.fma(-q, n, pHi) + pLo) / n;
      pHi = q + rest;
      pLo = rest - (pHi - q);
      // term = power / (2n + 1)
      int odd = 2 * n + 1;
      double tHi = pHi / odd;
      double tLo = (Math.fma(-tHi, odd, pHi) + pLo) / odd;
      // sum += term
      double s = sHi + tHi;
      double v = s - sHi;
      double e = (sHi - (s - v)) + (tHi - v) + sLo + tLo;
      sHi = s + e;
      sLo = e - (sHi - s);
      if (Math.abs(tHi) < SERIES_TOLERANCE * sHi) {
        break;
      }
    }
    // erf = (2/√π)·|x|·sum
    double hi = sHi * ax;
    double lo = Math.fma(sHi, ax, -hi) + sLo * ax;
    double xsHi = hi + lo;
    double xsLo = lo - (xsHi - hi);
    hi = TWO_OVER_SQRT_PI_HI * xsHi;
    lo = Math.fma(TWO_OVER_SQRT_PI_HI, xsHi, -hi) + (TWO_OVER_SQRT_PI_HI * xsLo + TWO_OVER_SQRT_PI_LO * xsHi);
    // erfc = 1 − erf for x >= 0, 1 + erf(|x|) for x < 0; a single final rounding.
    double sign = x < 0 ? 1 : -1;
    double s = 1 + sign * hi;
    double v = s - 1;
    double e = (1 - (s - v)) + (sign * hi - v) + sign * lo;
    return s + e;
  }

  /** erfc(x) for {@code x >= 2} (including +∞). */
  private static double erfcContinuedFraction(double x) {
    if (x >= UNDERFLOW) {
      return 0;
    }
    double z = x * x;
    double r = Math.fma(x, x, -z);
    double factor = x * ONE_OVER_SQRT_PI / continuedFraction(z, depth(z));
    factor = Math.fma(-factor, r, factor);
    if (z > SPLIT_EXPONENT) {
      double half = Math.exp(-0.5 * z);
      return factor * half * half;
    }
    return factor * Math.exp(-z);
  }

  /** Depth of the continued fraction at {@code z >= 4}; see the class description. */
  static int depth(double z) {
    return 8 + (int) Math.ceil(128 / z);
  }

  /**
   * {@code K = b₀ + a₁/(b₁ + a₂/(b₂ + … + a_depth/b_depth))} with {@code bₙ = z + 2n + ½} and
   * {@code aₙ = −n(n − ½)}, evaluated from the bottom up; {@code Q(½, z) = √z e^{−z} / (√π K)}.
   */
  static double continuedFraction(double z, int depth) {
    double k = z + (2 * depth + 0.5);
    for (int n = depth; n >= 1; n--) {
      k = (z + (2 * n - 1.5)) - n * (n - 0.5) / k;
    }
    return k;
  }
}
