package io.privrec.dp.bounding;

import java.util.Arrays;

/**
 * For each key, the number of distinct users contributing to it: the input of private partition
 * selection ({@link io.privrec.dp.select.PartitionSelection}). Keys are in increasing order.
 * Immutable; accessors return copies.
 *
 * <p>These are exact counts of raw data, <b>not</b> differentially private.
 */
public final class KeyUserCounts {

  private final long[] keys;
  private final long[] userCounts;

  KeyUserCounts(long[] keys, long[] userCounts) {
    this.keys = keys;
    this.userCounts = userCounts;
  }

  /** Number of distinct keys. */
  public int size() {
    return keys.length;
  }

  /** The keys, increasing. */
  public long[] keys() {
    return keys.clone();
  }

  /** The distinct-user count of each key, aligned with {@link #keys()}. */
  public long[] userCounts() {
    return userCounts.clone();
  }

  @Override
  public String toString() {
    // No size: the number of keys held by someone is a raw, non-private count.
    return "KeyUserCounts[counts hidden]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyUserCounts other
        && Arrays.equals(keys, other.keys)
        && Arrays.equals(userCounts, other.userCounts);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(keys) + Arrays.hashCode(userCounts);
  }
}
