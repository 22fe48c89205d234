package io.privrec.dp.kanon;

import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.kanon.internal.MetricKind;
import java.util.Objects;

/**
 * The information-loss measure that an optimal search minimises, with ARX's exact definitions
 * (ARX 3.9, {@code org.deidentifier.arx.metric.v2}). Lower is better for every measure. Records in
 * classes that violate a privacy model count as suppressed, also when evaluating a transformation
 * that exceeds the suppression limit.
 *
 * <ul>
 *   <li>{@link #loss()}: per attribute {@code (Σ_released size·share + Σ_suppressed size - N/|A|) /
 *       (N - N/|A|)}, where {@code share} is the fraction of the attribute's original values
 *       (hierarchy rows) under the class's label; floored to 10 digits; aggregated by the
 *       geometric mean of {@code 1 + value}, minus 1.
 *   <li>{@link #precision()}: per attribute {@code (released · level/height + suppressed) / N},
 *       averaged.
 *   <li>{@link #discernibility()} (DM): {@code Σ size²} over released classes plus {@code N} per
 *       suppressed record.
 *   <li>{@link #discernibilityStar()} (DM*): {@code Σ size²} over all classes.
 *   <li>{@link #averageClassSize()} (AECS): {@code N / (released classes + 1 if any record is
 *       suppressed)}.
 *   <li>{@link #nonUniformEntropy()}: per attribute {@code -Σ_v a_v log2(a_v / b_v)} ({@code a_v}
 *       records with original value v, {@code b_v} records sharing v's label) plus the entropy of
 *       the suppressed records' labels, floored to 10 digits, summed.
 * </ul>
 *
 * A generalisation/suppression factor {@code gs} in [0, 1] (default 0.5: both weigh the same;
 * 0 favours suppression, 1 favours generalisation) weights Loss, precision, AECS and entropy as in
 * ARX. Immutable value type.
 */
public final class QualityMetric {
  private final MetricKind kind;
  private final double gsFactor;

  private QualityMetric(MetricKind kind, double gsFactor) {
    this.kind = kind;
    this.gsFactor = DpPreconditions.checkInRange("gsFactor", gsFactor, 0, 1);
  }

  /** ARX's Loss with the default factor 0.5. */
  public static QualityMetric loss() {
    return new QualityMetric(MetricKind.LOSS, 0.5);
  }

  /**
   * ARX's Loss with a generalisation/suppression factor.
   *
   * @throws IllegalArgumentException if {@code gsFactor} is not in [0, 1] (NaN included)
   */
  public static QualityMetric loss(double gsFactor) {
    return new QualityMetric(MetricKind.LOSS, gsFactor);
  }

  /** Non-monotonic precision. */
  public static QualityMetric precision() {
    return new QualityMetric(MetricKind.PRECISION, 0.5);
  }

  /** Discernibility DM. */
  public static QualityMetric discernibility() {
    return new QualityMetric(MetricKind.DISCERNIBILITY, 0.5);
  }

  /** DM*: sum of squared class sizes. */
  public static QualityMetric discernibilityStar() {
    return new QualityMetric(MetricKind.DISCERNIBILITY_STAR, 0.5);
  }

  /** Average equivalence class size (AECS). */
  public static QualityMetric averageClassSize() {
    return new QualityMetric(MetricKind.AECS, 0.5);
  }

  /** Non-monotonic non-uniform entropy. */
  public static QualityMetric nonUniformEntropy() {
    return new QualityMetric(MetricKind.NON_UNIFORM_ENTROPY, 0.5);
  }

  /**
   * Parses a command-line name: {@code loss}, {@code precision}, {@code dm}, {@code dm-star},
   * {@code aecs}, {@code nu-entropy}.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static QualityMetric parse(String name) {
    switch (Objects.requireNonNull(name, "name")) {
      case "loss":
        return loss();
      case "precision":
        return precision();
      case "dm":
        return discernibility();
      case "dm-star":
        return discernibilityStar();
      case "aecs":
        return averageClassSize();
      case "nu-entropy":
        return nonUniformEntropy();
      default:
        throw new IllegalArgumentException("metric must be one of loss, precision, dm, dm-star, aecs, "
            + "nu-entropy. Provided value: '" + name + "'");
    }
  }

  /** The generalisation/suppression factor in [0, 1]. */
  public double gsFactor() {
    return gsFactor;
  }

  MetricKind kind() {
    return kind;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QualityMetric && ((QualityMetric) o).kind == kind
        && Double.compare(((QualityMetric) o).gsFactor, gsFactor) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, gsFactor);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + "(gs=" + gsFactor + ")";
  }
}
