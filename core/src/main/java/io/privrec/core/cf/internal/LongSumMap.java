package io.privrec.core.cf.internal;

import java.util.Arrays;

/**
 * Open-addressing map from non-negative {@code long} keys to exact {@code long} sums (linear
 * probing, power-of-two table, load at most one half). Adding to a key is {@code Math.addExact}:
 * an overflow throws instead of wrapping. Not thread-safe.
 */
public final class LongSumMap {
  private static final long EMPTY = -1;

  private long[] keys;
  private long[] sums;
  private int size;

  /** An empty map. */
  public LongSumMap() {
    keys = new long[16];
    sums = new long[16];
    Arrays.fill(keys, EMPTY);
  }

  /** Adds {@code value} to the sum of {@code key} ({@code key >= 0}). */
  public void add(long key, long value) {
    int mask = keys.length - 1;
    int slot = slot(key, mask);
    while (true) {
      long k = keys[slot];
      if (k == key) {
        sums[slot] = Math.addExact(sums[slot], value);
        return;
      }
      if (k == EMPTY) {
        keys[slot] = key;
        sums[slot] = value;
        if (++size > keys.length / 2) {
          grow();
        }
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Number of keys. */
  public int size() {
    return size;
  }

  /** The keys, sorted increasing (a new array). */
  public long[] sortedKeys() {
    long[] out = new long[size];
    int k = 0;
    for (long key : keys) {
      if (key != EMPTY) {
        out[k++] = key;
      }
    }
    Arrays.sort(out);
    return out;
  }

  /** The sum of {@code key}, 0 if absent. */
  public long get(long key) {
    int mask = keys.length - 1;
    int slot = slot(key, mask);
    while (keys[slot] != EMPTY) {
      if (keys[slot] == key) {
        return sums[slot];
      }
      slot = (slot + 1) & mask;
    }
    return 0;
  }

  /** Calls {@code action} with every key and its sum, in table order. */
  public void forEach(Entry action) {
    for (int s = 0; s < keys.length; s++) {
      if (keys[s] != EMPTY) {
        action.accept(keys[s], sums[s]);
      }
    }
  }

  /** Receives one entry. */
  @FunctionalInterface
  public interface Entry {
    /** One key and its sum. */
    void accept(long key, long sum);
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldSums = sums;
    if (oldKeys.length >= 1 << 30) {
      throw new IllegalStateException("more than 2^29 distinct item pairs in one partial sum");
    }
    keys = new long[oldKeys.length * 2];
    sums = new long[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    int mask = keys.length - 1;
    for (int s = 0; s < oldKeys.length; s++) {
      if (oldKeys[s] != EMPTY) {
        int slot = slot(oldKeys[s], mask);
        while (keys[slot] != EMPTY) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[s];
        sums[slot] = oldSums[s];
      }
    }
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
