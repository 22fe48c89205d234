package io.privrec.spark.internal;

import java.io.Serializable;

/**
 * How a customer's row is prepared before it is summed, the same on every execution path: kept
 * whole or bounded by a {@link KeyedSubset}, then optionally restricted to a list of candidate
 * items and re-indexed (candidate {@code c} becomes index {@code c}). A pure function of the row
 * (and of the key, which travels inside this object, never in a query plan; {@link #toString()}
 * does not show it). Serializable; immutable and thread-safe.
 */
public final class PreparedRows implements Serializable {
  private static final long serialVersionUID = 1L;

  private final KeyedSubset subset; // null: rows kept whole
  private final int[] compact; // null: no restriction; else catalogue index → candidate index or -1

  /**
   * @param subset the bounding, or null to keep rows whole
   * @param candidates increasing catalogue indices to restrict to, or null
   * @param numItems the catalogue's size
   */
  public PreparedRows(KeyedSubset subset, int[] candidates, int numItems) {
    this.subset = subset;
    if (candidates == null) {
      this.compact = null;
    } else {
      this.compact = new int[numItems];
      java.util.Arrays.fill(compact, -1);
      for (int c = 0; c < candidates.length; c++) {
        compact[candidates[c]] = c;
      }
    }
  }

  /** The prepared row of {@code customer} with catalogue indices {@code items} (increasing). */
  public int[] prepare(String customer, int[] items) {
    int[] row = items;
    if (subset != null && row.length > subset.maxItems()) {
      int[] kept = subset.keptPositions(customer, row);
      int[] bounded = new int[kept.length];
      for (int k = 0; k < kept.length; k++) {
        bounded[k] = row[kept[k]];
      }
      row = bounded;
    }
    if (compact == null) {
      return row;
    }
    int[] out = new int[row.length];
    int n = 0;
    for (int i : row) {
      int c = compact[i];
      if (c >= 0) {
        out[n++] = c; // increasing: candidates and rows are sorted
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  @Override
  public String toString() {
    return "PreparedRows{" + (subset == null ? "whole rows" : subset) + (compact == null ? "" : ", restricted") + "}";
  }
}
