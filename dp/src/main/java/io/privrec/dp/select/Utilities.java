package io.privrec.dp.select;

import io.privrec.dp.internal.DpPreconditions;

/** Checks on utility vectors shared by the selection mechanisms. */
final class Utilities {

  /** Largest accepted |utility|: differences of two utilities then never overflow. */
  static final double MAX_MAGNITUDE = 0x1p1020;

  private Utilities() {}

  /** Rejects null, empty and non-finite or huge utilities, naming the offending index. */
  static void check(double[] utilities) {
    DpPreconditions.checkNotNull(utilities, "utilities");
    if (utilities.length == 0) {
      throw new IllegalArgumentException("utilities must not be empty. Provided length: 0");
    }
    for (int i = 0; i < utilities.length; i++) {
      double u = utilities[i];
      if (!(Math.abs(u) <= MAX_MAGNITUDE)) {
        throw new IllegalArgumentException(
            "utilities[" + i + "] must be finite with |u| <= 2^1020. Provided value: " + u);
      }
    }
  }
}
