package io.privrec.dp.kanon.internal;

import java.util.Arrays;

/**
 * Groups fixed-width rows of small non-negative int codes: {@link #add} returns a dense group index
 * per distinct row and accumulates a count. When the product of the column radices fits in 63
 * bits, rows are packed into a {@code long} (mixed radix) and compared as one word; otherwise rows
 * are hashed and compared column by column. Open addressing with linear probing. Not thread-safe.
 */
final class Grouper {
  private final int width;
  private final long[] multiplier; // null when rows do not pack into a long
  private int[] slots;
  private int mask;
  private int shift;
  private int size;
  private int[] rows;
  private long[] packed;
  private int[] counts;

  Grouper(int width, int[] radix, int expected) {
    this.width = width;
    this.multiplier = multipliers(radix);
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    allocate(cap);
    int initial = Math.max(16, Math.min(expected, 1 << 20));
    rows = new int[initial * Math.max(1, width)];
    counts = new int[initial];
    packed = multiplier == null ? null : new long[initial];
  }

  private static long[] multipliers(int[] radix) {
    long[] m = new long[radix.length];
    long product = 1;
    for (int i = radix.length - 1; i >= 0; i--) {
      m[i] = product;
      long r = Math.max(1, radix[i]);
      if (product > Long.MAX_VALUE / r) {
        return null;
      }
      product *= r;
    }
    return m;
  }

  private void allocate(int cap) {
    slots = new int[cap];
    mask = cap - 1;
    shift = 64 - Integer.numberOfTrailingZeros(cap);
  }

  /** Adds {@code count} to the group of {@code row} (first {@code width} entries) and returns its index. */
  int add(int[] row, int count) {
    if (multiplier != null) {
      long key = 0;
      for (int i = 0; i < width; i++) {
        key += row[i] * multiplier[i];
      }
      int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
      while (true) {
        int g = slots[slot];
        if (g == 0) {
          return insert(row, key, slot, count);
        }
        if (packed[g - 1] == key) {
          counts[g - 1] += count;
          return g - 1;
        }
        slot = (slot + 1) & mask;
      }
    }
    long h = 0;
    for (int i = 0; i < width; i++) {
      h = h * 0x100000001B3L + row[i];
    }
    int slot = (int) ((h * 0x9E3779B97F4A7C15L) >>> shift);
    while (true) {
      int g = slots[slot];
      if (g == 0) {
        return insert(row, 0, slot, count);
      }
      if (equalsRow(g - 1, row)) {
        counts[g - 1] += count;
        return g - 1;
      }
      slot = (slot + 1) & mask;
    }
  }

  private boolean equalsRow(int group, int[] row) {
    int off = group * width;
    for (int i = 0; i < width; i++) {
      if (rows[off + i] != row[i]) {
        return false;
      }
    }
    return true;
  }

  private int insert(int[] row, long key, int slot, int count) {
    if (size == counts.length) {
      int cap = size * 2;
      counts = Arrays.copyOf(counts, cap);
      rows = Arrays.copyOf(rows, cap * Math.max(1, width));
      if (packed != null) {
        packed = Arrays.copyOf(packed, cap);
      }
    }
    int g = size++;
    System.arraycopy(row, 0, rows, g * width, width);
    counts[g] = count;
    if (packed != null) {
      packed[g] = key;
    }
    slots[slot] = g + 1;
    if (size * 2 > slots.length) {
      rehash();
    }
    return g;
  }

  private void rehash() {
    allocate(slots.length * 2);
    for (int g = 0; g < size; g++) {
      long h;
      if (packed != null) {
        h = packed[g];
      } else {
        h = 0;
        for (int i = 0; i < width; i++) {
          h = h * 0x100000001B3L + rows[g * width + i];
        }
      }
      int slot = (int) ((h * 0x9E3779B97F4A7C15L) >>> shift);
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = g + 1;
    }
  }

  int size() {
    return size;
  }

  /** The group rows, trimmed (size × width). */
  int[] rows() {
    return Arrays.copyOf(rows, size * width);
  }

  /** The group counts, trimmed. */
  int[] counts() {
    return Arrays.copyOf(counts, size);
  }
}
