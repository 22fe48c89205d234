package io.privrec.dp.noise;

/**
 * A closed interval {@code [lowerBound, upperBound]} that contains the true (noise-free) value with
 * at least the requested probability {@code 1 - alpha}, computed from the noise distribution only.
 *
 * @param lowerBound finite lower end
 * @param upperBound finite upper end, {@code >= lowerBound}
 */
public record ConfidenceInterval(double lowerBound, double upperBound) {

  /**
   * Validates the bounds.
   *
   * @throws IllegalArgumentException if a bound is NaN or the bounds are out of order
   */
  public ConfidenceInterval {
    if (!(lowerBound <= upperBound)) {
      throw new IllegalArgumentException("lowerBound must be <= upperBound. Provided values: "
          + lowerBound + ", " + upperBound);
    }
  }

  /** Returns {@code [center - halfWidth, center + halfWidth]}. */
  static ConfidenceInterval around(double center, double halfWidth) {
    return new ConfidenceInterval(center - halfWidth, center + halfWidth);
  }
}
