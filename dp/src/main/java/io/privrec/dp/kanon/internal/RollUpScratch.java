package io.privrec.dp.kanon.internal;

/**
 * Working memory of {@link Encoded#rollUp(Cells, int[], int[], RollUpScratch)}, reused across the
 * roll-ups of one thread: arrays grow on demand and are handed back zeroed where the roll-up
 * relies on it (hash table keys, dense counts). Not thread-safe.
 */
public final class RollUpScratch {
  private long[] table = new long[0];
  private int[] tableCounts = new int[0];
  private int[] dense = new int[0];
  private int[] firstCells = new int[0];

  /** A zeroed hash table of {@code size} keys; the caller zeroes the slots it used. */
  long[] table(int size) {
    if (table.length < size) {
      table = new long[size];
    }
    return table;
  }

  /** Counts beside {@link #table} (values of unused slots are arbitrary). */
  int[] tableCounts(int size) {
    if (tableCounts.length < size) {
      tableCounts = new int[size];
    }
    return tableCounts;
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
