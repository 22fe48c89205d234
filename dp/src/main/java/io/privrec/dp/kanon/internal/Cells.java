package io.privrec.dp.kanon.internal;

/**
 * Distinct rows of (quasi-identifier codes on some levels, sensitive codes) with record counts:
 * the unit from which a node's equivalence classes are built and rolled up. Immutable.
 */
public final class Cells {
  /** Number of quasi-identifier columns. */
  public final int dims;
  /** Number of sensitive columns. */
  public final int sensitive;
  /** Number of cells. */
  public final int count;
  /** Cell rows, {@code count × (dims + sensitive)}. */
  final int[] keys;
  /** Records per cell. */
  final int[] counts;

  Cells(int dims, int sensitive, int[] keys, int[] counts, int count) {
    this.dims = dims;
    this.sensitive = sensitive;
    this.keys = keys;
    this.counts = counts;
    this.count = count;
  }

  /** Approximate memory footprint in ints, for cache budgeting. */
  long footprint() {
    return (long) count * (dims + sensitive + 1);
  }
}
