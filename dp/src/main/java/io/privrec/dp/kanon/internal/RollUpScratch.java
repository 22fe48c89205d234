package io.privrec.dp.kanon.internal;

import java.util.Arrays;

/**
 * Working memory of {@link Encoded#rollUp(Cells, int[], int[], RollUpScratch)}, reused across the
 * roll-ups of one thread: arrays grow on demand and are handed back zeroed where the roll-up
 * relies on it (hash table slots, dense counts). Not thread-safe.
 */
public final class RollUpScratch {
  private long[] table = new long[0];
  private int[] dense = new int[0];
  private int[] firstCells = new int[0];
  private int[] groupIndex = new int[0];
  private int[] cellIndex = new int[0];
  private long[] keys = new long[0];
  private long[][] chunkTerms = new long[0][];

  /** A hash table of at least {@code size} zeroed longs; the caller zeroes the entries it used. */
  long[] table(int size) {
    if (table.length < size) {
      table = new long[size];
    }
    return table;
  }

  /** A zeroed count array of {@code size} entries; the caller zeroes the entries it used. */
  int[] dense(int size) {
    if (dense.length < size) {
      dense = new int[size];
    }
    return dense;
  }

  /** An int array of at least {@code size} entries, contents arbitrary. */
  int[] firstCells(int size) {
    if (firstCells.length < size) {
      firstCells = new int[Math.max(size, 16)];
    }
    return firstCells;
  }

  /** An int array of at least {@code size} entries (groups' dense indices), contents arbitrary. */
  int[] groupIndex(int size) {
    if (groupIndex.length < size) {
      groupIndex = new int[Math.max(size, 16)];
    }
    return groupIndex;
  }

  /** An int array of at least {@code size} entries (cells' dense indices), contents arbitrary. */
  int[] cellIndex(int size) {
    if (cellIndex.length < size) {
      cellIndex = new int[Math.max(size, 16)];
    }
    return cellIndex;
  }

  /** A long array of at least {@code size} entries (mapped keys), contents arbitrary. */
  long[] keys(int size) {
    if (keys.length < size) {
      keys = new long[Math.max(size, 16)];
    }
    return keys;
  }

  /**
   * A long array of at least {@code size} entries for the lookup table of chunk {@code chunk} out
   * of {@code chunks}, contents arbitrary.
   */
  long[] chunkTerm(int chunk, int chunks, int size) {
    if (chunkTerms.length < chunks) {
      chunkTerms = Arrays.copyOf(chunkTerms, chunks);
    }
    long[] t = chunkTerms[chunk];
    if (t == null || t.length < size) {
      t = new long[size];
      chunkTerms[chunk] = t;
    }
    return t;
  }
}
