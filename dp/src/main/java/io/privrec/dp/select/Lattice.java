package io.privrec.dp.select;

import io.privrec.dp.internal.DpPreconditions;

/**
 * A grid g·ℤ for mechanisms that add exact discrete Laplace noise to real-valued inputs. g is the
 * power of two with Δ/g in [2<sup>20</sup>, 2<sup>21</sup>), so values map to the integers
 * ⌊v/g⌋ exactly (scaling by a power of two is exact) and inputs differing by at most Δ map to
 * integers differing by at most D = ⌈Δ/g⌉ ≤ Δ/g + 1 (⌊x⌋ − ⌊y⌋ ≤ ⌈x − y⌉): calibrating to D instead
 * of Δ/g costs at most a relative 2<sup>−20</sup> of accuracy and nothing in privacy.
 */
final class Lattice {

  /** Largest accepted |v/g|, leaving room for noise before a long overflows. */
  private static final double MAX_UNITS = 0x1p60;

  private final double granularity;
  private final long sensitivityUnits;

  private Lattice(double granularity, long sensitivityUnits) {
    this.granularity = granularity;
    this.sensitivityUnits = sensitivityUnits;
  }

  /**
   * Returns the lattice for sensitivity Δ.
   *
   * @throws IllegalArgumentException if Δ is not finite and in [2^-900, 2^1000]
   */
  static Lattice forSensitivity(double sensitivity) {
    DpPreconditions.checkSensitivity("sensitivity", sensitivity);
    if (!(sensitivity >= 0x1p-900 && sensitivity <= 0x1p1000)) {
      throw new IllegalArgumentException(
          "sensitivity must be in [2^-900, 2^1000]. Provided value: " + sensitivity);
    }
    double g = Math.scalb(1.0, Math.getExponent(sensitivity) - 20);
    return new Lattice(g, (long) Math.ceil(sensitivity / g));
  }

  double granularity() {
    return granularity;
  }

  /** D: the sensitivity in grid units. */
  long sensitivityUnits() {
    return sensitivityUnits;
  }

  /**
   * Returns ⌊v/g⌋ exactly.
   *
   * @throws IllegalArgumentException if v is not finite or |v/g| > 2^60
   */
  long toUnits(double v, String name) {
    return toUnits(v, name, -1);
  }

  /** As {@link #toUnits(double, String)} for element {@code index} of array {@code name}. */
  long toUnits(double v, String name, int index) {
    double scaled = v / granularity;
    if (!(Math.abs(scaled) <= MAX_UNITS)) {
      String what = index < 0 ? name : name + "[" + index + "]";
      throw new IllegalArgumentException(
          what + " must be finite with magnitude <= 2^60 * " + granularity
              + " (2^40 times the sensitivity). Provided value: "
              // A finite value may be derived from private data: not quoted.
              + (Double.isFinite(v) ? "a finite value of larger magnitude" : String.valueOf(v)));
    }
    if (scaled == 0 && v < 0) {
      // v/g underflowed to -0.0; the exact quotient is in (-1, 0).
      return -1;
    }
    return (long) Math.floor(scaled);
  }
}
