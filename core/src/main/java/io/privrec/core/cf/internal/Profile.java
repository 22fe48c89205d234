package io.privrec.core.cf.internal;

import io.privrec.core.internal.CorePreconditions;
import java.util.Arrays;

/**
 * A validated profile: distinct item indices in increasing order with finite positive weights.
 * Immutable (arrays are private copies; accessors share them read-only).
 */
public final class Profile {
  private final int[] items;
  private final float[] weights;

  private Profile(int[] items, float[] weights) {
    this.items = items;
    this.weights = weights;
  }

  /**
   * Validates, copies and sorts a profile by item.
   *
   * @throws IllegalArgumentException if the arrays differ in length, an index is outside {@code
   *     [0, numItems)} or repeated, or a weight is not finite and {@code > 0}
   */
  public static Profile of(int[] items, float[] weights, int numItems) {
    check(items, weights, numItems);
    long[] keyed = new long[items.length];
    for (int k = 0; k < items.length; k++) {
      keyed[k] = ((long) items[k] << 32) | k;
    }
    Arrays.sort(keyed);
    int[] sortedItems = new int[items.length];
    float[] sortedWeights = new float[items.length];
    for (int k = 0; k < keyed.length; k++) {
      sortedItems[k] = (int) (keyed[k] >>> 32);
      sortedWeights[k] = weights[(int) keyed[k]];
      if (k > 0 && sortedItems[k] == sortedItems[k - 1]) {
        throw new IllegalArgumentException("profile items must be distinct; repeated item " + sortedItems[k]);
      }
    }
    return new Profile(sortedItems, sortedWeights);
  }

  /**
   * Checks a profile for scoring without copying: equal lengths, indices in range, weights finite
   * and {@code > 0} (repeats are allowed and count twice).
   *
   * @throws IllegalArgumentException naming the first offending entry
   * @throws NullPointerException if an array is null
   */
  public static void check(int[] items, float[] weights, int numItems) {
    if (items == null) {
      throw new NullPointerException("items");
    }
    if (weights == null) {
      throw new NullPointerException("weights");
    }
    CorePreconditions.checkSameLength("items", items.length, "weights", weights.length);
    CorePreconditions.checkIndexElements("items", items, 0, items.length, numItems);
    CorePreconditions.checkPositiveElements("weights", weights);
  }

  /**
   * Checks an item index.
   *
   * @throws IllegalArgumentException if {@code item} is outside {@code [0, numItems)}
   */
  public static void checkItem(int item, int numItems) {
    CorePreconditions.checkIndex("item", item, numItems);
  }

  /** Number of items. */
  public int size() {
    return items.length;
  }

  /** Items in increasing order (shared, read-only). */
  public int[] items() {
    return items;
  }

  /** Weights aligned with {@link #items()} (shared, read-only). */
  public float[] weights() {
    return weights;
  }
}
