package io.privrec.core.privacy;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.util.EnumMap;
import java.util.Map;

/**
 * Totals of a {@link ConsentRegister} for reports (e.g. a CCPA § 1798.185 metrics disclosure).
 *
 * <p>{@code granted} and {@code withdrawn} count customers whose <em>latest</em> decision for a
 * purpose is that status; customers who never decided about a purpose are in neither (their
 * standing follows the {@link Regime}). Both maps contain every purpose.
 *
 * @param customers customers with at least one recorded decision (erased ones excluded)
 * @param erasures erasures performed (one proof each)
 * @param granted per purpose, customers whose latest decision is {@link ConsentStatus#GRANTED}
 * @param withdrawn per purpose, customers whose latest decision is {@link ConsentStatus#WITHDRAWN}
 */
public record ConsentCounts(int customers, int erasures, Map<Purpose, Integer> granted, Map<Purpose, Integer> withdrawn) {

  /**
   * Validates and copies the components.
   *
   * @throws IllegalArgumentException if a count is negative or a map lacks a purpose
   * @throws NullPointerException if a map or one of its values is null
   */
  public ConsentCounts {
    CorePreconditions.checkNonNegative("customers", customers);
    CorePreconditions.checkNonNegative("erasures", erasures);
    granted = checkedCopy(granted, "granted");
    withdrawn = checkedCopy(withdrawn, "withdrawn");
  }

  private static Map<Purpose, Integer> checkedCopy(Map<Purpose, Integer> counts, String name) {
    requireNonNull(counts, name);
    Map<Purpose, Integer> copy = new EnumMap<>(Purpose.class);
    for (Purpose p : Purpose.values()) {
      Integer n = counts.get(p);
      if (n == null || n < 0) {
        throw CorePreconditions.fail(name + "[" + p.key() + "]", "must be a count >= 0 (one for every purpose)", n);
      }
      copy.put(p, n);
    }
    return Map.copyOf(copy);
  }

  /** Customers whose latest decision for {@code purpose} is granted. */
  public int granted(Purpose purpose) {
    return granted.get(requireNonNull(purpose, "purpose"));
  }

  /** Customers whose latest decision for {@code purpose} is withdrawn. */
  public int withdrawn(Purpose purpose) {
    return withdrawn.get(requireNonNull(purpose, "purpose"));
  }
}
