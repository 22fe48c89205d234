package io.privrec.dp.kanon.internal;

import java.util.Arrays;

/**
 * Groups non-negative {@code long} keys: {@link #add} returns a dense group index (in order of
 * first appearance) and accumulates a count. Open addressing with linear probing over a table of
 * keys, so that a probe touches one array. Not thread-safe.
 */
final class LongGrouper {
  private static final long EMPTY = -1L;
  private long[] table;
  private int[] slotGroup;
  private int mask;
  private int shift;
  private long[] keys;
  private int[] counts;
  private int size;

  LongGrouper(int expected) {
    int cap = Integer.highestOneBit(Math.max(8, Math.min(1 << 29, expected) * 2 - 1)) << 1;
    allocate(cap);
    int initial = Math.max(16, Math.min(expected, 1 << 20));
    keys = new long[initial];
    counts = new int[initial];
  }

  private void allocate(int cap) {
    table = new long[cap];
    Arrays.fill(table, EMPTY);
    slotGroup = new int[cap];
    mask = cap - 1;
    shift = 64 - Integer.numberOfTrailingZeros(cap);
  }

  int add(long key, int count) {
    int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    while (true) {
      long k = table[slot];
      if (k == key) {
        int g = slotGroup[slot];
        counts[g] += count;
        return g;
      }
      if (k == EMPTY) {
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      counts = Arrays.copyOf(counts, size * 2);
    }
    int g = size++;
    keys[g] = key;
    counts[g] = count;
    table[slot] = key;
    slotGroup[slot] = g;
    if (size * 2 > table.length) {
      allocate(table.length * 2);
      for (int i = 0; i < size; i++) {
        int s = (int) ((keys[i] * 0x9E3779B97F4A7C15L) >>> shift);
        while (table[s] != EMPTY) {
          s = (s + 1) & mask;
        }
        table[s] = keys[i];
        slotGroup[s] = i;
      }
    }
    return g;
  }

  int size() {
    return size;
  }

  long[] keys() {
    return Arrays.copyOf(keys, size);
  }

  int[] counts() {
    return Arrays.copyOf(counts, size);
  }
}
