package io.privrec.dp.kanon.internal;

/**
 * Working memory of {@link Encoded#rollUp(Cells, int[], int[], RollUpScratch)}, reused across the
 * roll-ups of one thread: arrays grow on demand and are handed back zeroed where the roll-up
 * relies on it (hash table keys, dense counts). Not thread-safe.
 */
public final class RollUpScratch {
  private long[] table = new long[0];
  private int[] dense = new int[0];
  private int[] firstCells = new int[0];

  /**
   * A hash table of {@code size} longs whose key entries (even indices) are zero; the caller zeroes
   * the keys it used.
   */
  long[] table(int size) {
    if (table.length < size) {
      table = new long[size];
    }
    return table;
  }

  /** Keeps {@code larger}, whose key entries the caller zeroes, as the hash table. */
  void adopt(long[] larger) {
    if (larger.length > table.length) {
      table = larger;
    }
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
}
