package io.privrec.dp.kanon;

import io.privrec.dp.internal.DpPreconditions;
import java.util.Objects;

/**
 * ℓ-diversity of a sensitive attribute within every equivalence class (Machanavajjhala et al.,
 * TKDD 2007), in the three variants ARX offers:
 *
 * <ul>
 *   <li>{@link #distinct(int)}: at least ℓ distinct sensitive values;
 *   <li>{@link #entropy(double)}: entropy of the values at least {@code log ℓ} (equality is accepted
 *       up to a relative 1e-12, since rounding breaks exact ties such as two equally frequent
 *       values with ℓ = 2);
 *   <li>{@link #recursive(double, int)}: recursive (c,ℓ): with counts {@code r1 ≥ … ≥ rm}, at least
 *       ℓ values and {@code r1 < c (rℓ + … + rm)}.
 * </ul>
 *
 * Classes that violate it are suppressed within the suppression limit. Immutable value type.
 */
public final class LDiversity {
  /** The ℓ-diversity variant. */
  public enum Variant {
    /** Distinct ℓ-diversity. */
    DISTINCT,
    /** Entropy ℓ-diversity. */
    ENTROPY,
    /** Recursive (c,ℓ)-diversity. */
    RECURSIVE
  }

  private final Variant variant;
  private final double l;
  private final double c;

  private LDiversity(Variant variant, double l, double c) {
    this.variant = variant;
    this.l = l;
    this.c = c;
  }

  /**
   * Distinct ℓ-diversity.
   *
   * @throws IllegalArgumentException if {@code l < 1}
   */
  public static LDiversity distinct(int l) {
    return new LDiversity(Variant.DISTINCT, DpPreconditions.checkAtLeast("l", l, 1), Double.NaN);
  }

  /**
   * Entropy ℓ-diversity.
   *
   * @throws IllegalArgumentException if {@code l} is not finite and {@code >= 1}
   */
  public static LDiversity entropy(double l) {
    return new LDiversity(Variant.ENTROPY, DpPreconditions.checkAtLeast("l", l, 1), Double.NaN);
  }

  /**
   * Recursive (c,ℓ)-diversity.
   *
   * @throws IllegalArgumentException if {@code c} is not finite and {@code > 0}, or {@code l < 1}
   */
  public static LDiversity recursive(double c, int l) {
    DpPreconditions.checkPositive("c", c);
    return new LDiversity(Variant.RECURSIVE, DpPreconditions.checkAtLeast("l", l, 1), c);
  }

  /** The variant. */
  public Variant variant() {
    return variant;
  }

  /** ℓ. */
  public double l() {
    return l;
  }

  /** c of recursive (c,ℓ)-diversity; NaN for the other variants. */
  public double c() {
    return c;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LDiversity)) {
      return false;
    }
    LDiversity other = (LDiversity) o;
    return other.variant == variant && Double.compare(other.l, l) == 0 && Double.compare(other.c, c) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(variant, l, c);
  }

  @Override
  public String toString() {
    return variant == Variant.RECURSIVE ? "recursive(c=" + c + ", l=" + l + ")"
        : variant.name().toLowerCase(java.util.Locale.ROOT) + "(l=" + l + ")";
  }
}
