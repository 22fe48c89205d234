package io.privrec.core.cf;

import static java.util.Objects.requireNonNull;

import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;

/**
 * The sufficient statistic of the popularity models: for every item of an item index (for a
 * private model, the shop's public catalogue in its order), the number of distinct customers whose
 * row holds the item, weights ignored. A fit from these counts ({@link Popularity#fit(ItemCounts)},
 * {@link io.privrec.core.cf.dp.DpPopularity#fit(ItemCounts, io.privrec.core.model.FitListener,
 * io.privrec.dp.budget.PrivacyAccountant)}) gives the model that the fit on the rows they were
 * counted from gives, so the counting can run elsewhere (for example on a cluster) and the model
 * be fitted where the catalogue lives.
 *
 * <p>Counts are exact {@code long} integers: partial counts of disjoint sets of customers add up
 * to the same value in every order, so how the customers were split for counting never changes a
 * bit of the result.
 *
 * <p>A statistic is either <em>unbounded</em> (every item of every row counted) or <em>bounded</em>
 * to {@code m} items per customer: each customer was counted on at most {@code m} distinct items
 * of her row, chosen by a rule that looks at her own row only (e.g. a uniformly random or keyed
 * pseudo-random subset). The private fit accepts only counts bounded to at most its own {@code
 * max-items-per-user}: its sensitivity argument is about bounded data, and the bound stated here is
 * the caller's assurance that the counting respected it.
 *
 * <p>Immutable and thread-safe; the counts are copied in and out.
 */
public final class ItemCounts {
  private final IdIndex items;
  private final long[] counts;
  private final int maxItemsPerCustomer; // 0: unbounded

  private ItemCounts(IdIndex items, long[] counts, int maxItemsPerCustomer) {
    requireNonNull(items, "items");
    requireNonNull(counts, "counts");
    if (counts.length != items.size()) {
      throw new IllegalArgumentException("counts must hold one value per item (" + items.size()
          + "). Provided length: " + counts.length);
    }
    for (long count : counts) {
      if (count < 0) {
        throw new IllegalArgumentException("counts must be >= 0. Provided value: " + count);
      }
    }
    this.items = items;
    this.counts = counts.clone();
    this.maxItemsPerCustomer = maxItemsPerCustomer;
  }

  /**
   * Unbounded counts: {@code counts[i]} customers hold item {@code items.id(i)}.
   *
   * @throws IllegalArgumentException if the lengths differ or a count is negative
   * @throws NullPointerException if an argument is null
   */
  public static ItemCounts of(IdIndex items, long[] counts) {
    return new ItemCounts(items, counts, 0);
  }

  /**
   * Counts of data in which every customer kept at most {@code maxItemsPerCustomer} distinct
   * items, each counted once (see the class documentation).
   *
   * @throws IllegalArgumentException if {@code maxItemsPerCustomer < 1}, the lengths differ or a
   *     count is negative
   * @throws NullPointerException if an argument is null
   */
  public static ItemCounts bounded(IdIndex items, long[] counts, int maxItemsPerCustomer) {
    if (maxItemsPerCustomer < 1) {
      throw new IllegalArgumentException("maxItemsPerCustomer must be >= 1. Provided value: " + maxItemsPerCustomer);
    }
    return new ItemCounts(items, counts, maxItemsPerCustomer);
  }

  /**
   * The unbounded counts of {@code data}: the number of users holding each of its items ({@link
   * InteractionMatrix#itemCounts()}), indexed by {@code data.items()}.
   *
   * @throws NullPointerException if {@code data} is null
   */
  public static ItemCounts of(InteractionMatrix data) {
    requireNonNull(data, "data");
    int[] counts = data.itemCounts();
    long[] wide = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      wide[i] = counts[i];
    }
    return new ItemCounts(data.items(), wide, 0);
  }

  /** The items counted, in index order. */
  public IdIndex items() {
    return items;
  }

  /** Number of items, {@code items().size()}. */
  public int numItems() {
    return counts.length;
  }

  /**
   * The number of customers counted on {@code item}.
   *
   * @throws IndexOutOfBoundsException if {@code item} is not in {@code [0, numItems())}
   */
  public long count(int item) {
    return counts[item];
  }

  /** A copy of the counts, in item index order. */
  public long[] counts() {
    return counts.clone();
  }

  /** True if the counts are bounded to {@link #maxItemsPerCustomer()} items per customer. */
  public boolean isBounded() {
    return maxItemsPerCustomer > 0;
  }

  /** The bound on items counted per customer, or 0 for unbounded counts. */
  public int maxItemsPerCustomer() {
    return maxItemsPerCustomer;
  }

  @Override
  public String toString() {
    return "ItemCounts{" + counts.length + " items" + (isBounded() ? ", at most " + maxItemsPerCustomer
        + " per customer" : "") + "}";
  }
}
