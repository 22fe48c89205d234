package io.privrec.spark.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Which at most {@code m} items of a customer's row are kept: the {@code m} items with the smallest
 * keyed hash {@link SipHash} of (customer id, item index), ties broken by the smaller item index. A
 * pure function of the secret key, the customer id and her own row: it reads no other customer's
 * data, no partitioning, no task attempt and no clock, so every evaluation (on any executor, in any
 * retried or speculative task) keeps the same subset. Under the key's pseudo-randomness the subset
 * is a uniformly random {@code m}-subset of the row, independent across customers.
 *
 * <p>The hashed message is the customer id's UTF-8 bytes followed by the item index as 4
 * big-endian bytes; its fixed-length tail makes the encoding of (customer, item) injective.
 *
 * <p>Serializable so that Spark can ship it inside a task: the key then travels in the task
 * binary, never in a query plan. {@link #toString()} does not show the key. Immutable and
 * thread-safe.
 */
public final class KeyedSubset implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long k0;
  private final long k1;
  private final int maxItems;

  /**
   * A subset rule keyed by {@code (k0, k1)}, keeping at most {@code maxItems} items.
   *
   * @throws IllegalArgumentException if {@code maxItems < 1}
   */
  public KeyedSubset(long k0, long k1, int maxItems) {
    if (maxItems < 1) {
      throw new IllegalArgumentException("maxItemsPerCustomer must be >= 1. Provided value: " + maxItems);
    }
    this.k0 = k0;
    this.k1 = k1;
    this.maxItems = maxItems;
  }

  /** The bound {@code m}. */
  public int maxItems() {
    return maxItems;
  }

  /**
   * The positions in {@code items} of the kept items, in increasing position order: all positions
   * when the row holds at most {@code m} items.
   *
   * @param items the customer's distinct item indices, in any order
   */
  public int[] keptPositions(String customer, int[] items) {
    int n = items.length;
    if (n <= maxItems) {
      int[] all = new int[n];
      Arrays.setAll(all, p -> p);
      return all;
    }
    byte[] id = customer.getBytes(UTF_8);
    byte[] message = Arrays.copyOf(id, id.length + 4);
    long[] hashes = new long[n];
    Integer[] order = new Integer[n];
    for (int p = 0; p < n; p++) {
      int item = items[p];
      message[id.length] = (byte) (item >>> 24);
      message[id.length + 1] = (byte) (item >>> 16);
      message[id.length + 2] = (byte) (item >>> 8);
      message[id.length + 3] = (byte) item;
      hashes[p] = SipHash.hash(k0, k1, message, message.length);
      order[p] = p;
    }
    Arrays.sort(order, (a, b) -> {
      int c = Long.compareUnsigned(hashes[a], hashes[b]);
      return c != 0 ? c : Integer.compare(items[a], items[b]);
    });
    int[] kept = new int[maxItems];
    for (int k = 0; k < maxItems; k++) {
      kept[k] = order[k];
    }
    Arrays.sort(kept);
    return kept;
  }

  @Override
  public String toString() {
    return "KeyedSubset{maxItems=" + maxItems + ", key hidden}";
  }
}
