package io.privrec.dp.kanon;

import static java.util.Objects.requireNonNull;

import io.privrec.dp.internal.DpPreconditions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * t-closeness of a sensitive attribute (Li, Li &amp; Venkatasubramanian, ICDE 2007): in every
 * equivalence class, the earth mover's distance between the class's distribution of the attribute
 * and its distribution in the whole table is at most {@code t}. Ground distances, as in ARX:
 *
 * <ul>
 *   <li>{@link #equalDistance(double)}: all values at distance 1 (EMD = half the L1 distance);
 *   <li>{@link #orderedDistance(double)}: values in order, distance {@code |i - j| / (m - 1)}; the
 *       order is numeric for integer, decimal and date columns and lexicographic for strings, or
 *       given with {@link #orderedDistance(double, List)};
 *   <li>{@link #hierarchicalDistance(double, Hierarchy)}: distance between two values = height of
 *       their lowest common ancestor / height of the hierarchy.
 * </ul>
 *
 * Classes that violate it are suppressed within the suppression limit. Immutable value type.
 */
public final class TCloseness {
  /** The ground distance. */
  public enum Distance {
    /** Equal distance. */
    EQUAL,
    /** Ordered distance. */
    ORDERED,
    /** Hierarchical distance. */
    HIERARCHICAL
  }

  private final Distance distance;
  private final double t;
  private final Hierarchy hierarchy;
  private final List<String> order;

  private TCloseness(Distance distance, double t, Hierarchy hierarchy, List<String> order) {
    this.distance = distance;
    this.t = DpPreconditions.checkInRange("t", t, 0, 1);
    this.hierarchy = hierarchy;
    this.order = order;
  }

  /**
   * Equal-distance t-closeness.
   *
   * @throws IllegalArgumentException if {@code t} is not in [0, 1]
   */
  public static TCloseness equalDistance(double t) {
    return new TCloseness(Distance.EQUAL, t, null, null);
  }

  /**
   * Ordered-distance t-closeness in the column's natural order.
   *
   * @throws IllegalArgumentException if {@code t} is not in [0, 1]
   */
  public static TCloseness orderedDistance(double t) {
    return new TCloseness(Distance.ORDERED, t, null, null);
  }

  /**
   * Ordered-distance t-closeness in the given order, which must list every value of the column.
   *
   * @throws IllegalArgumentException if {@code t} is not in [0, 1] or {@code order} is empty or has
   *     null or duplicate values
   */
  public static TCloseness orderedDistance(double t, List<String> order) {
    DpPreconditions.checkNonEmptyNoNulls("order", order);
    if (new java.util.HashSet<>(order).size() != order.size()) {
      throw new IllegalArgumentException("order must not contain duplicates. Provided value: " + order);
    }
    return new TCloseness(Distance.ORDERED, t, null, List.copyOf(order));
  }

  /**
   * Hierarchical-distance t-closeness; the hierarchy must contain every value of the column.
   *
   * @throws IllegalArgumentException if {@code t} is not in [0, 1]
   */
  public static TCloseness hierarchicalDistance(double t, Hierarchy hierarchy) {
    return new TCloseness(Distance.HIERARCHICAL, t, requireNonNull(hierarchy, "hierarchy"), null);
  }

  /** The ground distance. */
  public Distance distance() {
    return distance;
  }

  /** The threshold t in [0, 1]. */
  public double t() {
    return t;
  }

  /** The hierarchy of hierarchical distance. */
  public Optional<Hierarchy> hierarchy() {
    return Optional.ofNullable(hierarchy);
  }

  /** The explicit order of ordered distance, if given. */
  public Optional<List<String>> order() {
    return Optional.ofNullable(order);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TCloseness)) {
      return false;
    }
    TCloseness other = (TCloseness) o;
    return other.distance == distance && Double.compare(other.t, t) == 0
        && Objects.equals(other.hierarchy, hierarchy) && Objects.equals(other.order, order);
  }

  @Override
  public int hashCode() {
    return Objects.hash(distance, t, hierarchy, order);
  }

  @Override
  public String toString() {
    return distance.name().toLowerCase(java.util.Locale.ROOT) + "(t=" + t + ")";
  }
}
