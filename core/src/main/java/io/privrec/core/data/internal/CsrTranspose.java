package io.privrec.core.data.internal;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * The transpose of a compressed-sparse-row pattern: given rows {@code r} holding columns {@code
 * cols[rowPtr[r]] … cols[rowPtr[r+1]-1]}, lists for every column the rows that hold it, and on
 * request the row-view position of each entry ({@link #withPositions}) or float values aligned
 * with {@code cols} carried along ({@link #withValues}). This is the one counting-sort transpose of
 * the library: the column view of {@link io.privrec.core.data.InteractionMatrix} and every item →
 * users view built while fitting come from here.
 *
 * <h2>Order</h2>
 * Column {@code c} occupies positions {@code pointers()[c] … pointers()[c+1]-1}. Its entries are
 * in increasing row order, and entries of the same row in increasing row-view position (a stable
 * counting sort by column), so the result depends only on the input, never on timing. Carried
 * values are copied bit for bit.
 *
 * <h2>Cost</h2>
 * Two passes over the entries and one over the columns, O(entries + columns) time; memory {@code
 * 4·(columns + 1)} bytes for the pointers plus 4 bytes per entry for the rows and 4 more for each
 * of positions and values when requested.
 *
 * <p>Not validated: columns must lie in {@code [0, numCols)} and {@code rowPtr} must be
 * non-decreasing from 0 to at most {@code cols.length} (callers check untrusted input first;
 * otherwise an {@link ArrayIndexOutOfBoundsException} or a wrong result follows). Immutable once
 * built; the arrays returned by the accessors are shared and must be treated as read-only. Safe to
 * share between threads.
 */
public final class CsrTranspose {
  private final int[] ptr;
  private final int[] rows;
  private final int[] positions; // null unless requested
  private final float[] values; // null unless requested

  private CsrTranspose(int[] ptr, int[] rows, int[] positions, float[] values) {
    this.ptr = ptr;
    this.rows = rows;
    this.positions = positions;
    this.values = values;
  }

  /**
   * Transposes the pattern: pointers and rows only.
   *
   * @param numCols number of columns, {@code >= 0}
   * @param rowPtr row pointers, length rows + 1
   * @param cols column of every row-view position
   */
  public static CsrTranspose of(int numCols, int[] rowPtr, int[] cols) {
    return build(numCols, rowPtr, cols, false, null);
  }

  /** As {@link #of}, also keeping the row-view position of every entry ({@link #positions()}). */
  public static CsrTranspose withPositions(int numCols, int[] rowPtr, int[] cols) {
    return build(numCols, rowPtr, cols, true, null);
  }

  /**
   * As {@link #of}, also carrying {@code rowValues} (aligned with {@code cols}) to the column view
   * ({@link #values()}).
   */
  public static CsrTranspose withValues(int numCols, int[] rowPtr, int[] cols, float[] rowValues) {
    return build(numCols, rowPtr, cols, false, requireNonNull(rowValues, "rowValues"));
  }

  private static CsrTranspose build(int numCols, int[] rowPtr, int[] cols, boolean keepPositions,
      float[] rowValues) {
    int numRows = rowPtr.length - 1;
    int entries = rowPtr[numRows];
    int[] ptr = new int[numCols + 1];
    for (int p = 0; p < entries; p++) {
      ptr[cols[p] + 1]++;
    }
    for (int c = 0; c < numCols; c++) {
      ptr[c + 1] += ptr[c];
    }
    int[] rows = new int[entries];
    int[] positions = keepPositions ? new int[entries] : null;
    float[] values = rowValues != null ? new float[entries] : null;
    int[] next = Arrays.copyOf(ptr, numCols);
    for (int r = 0; r < numRows; r++) {
      for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
        int q = next[cols[p]]++;
        rows[q] = r;
        if (positions != null) {
          positions[q] = p;
        }
        if (values != null) {
          values[q] = rowValues[p];
        }
      }
    }
    return new CsrTranspose(ptr, rows, positions, values);
  }

  /** Number of columns. */
  public int numCols() {
    return ptr.length - 1;
  }

  /** Column pointers, length {@link #numCols()} + 1 (shared, read-only). */
  public int[] pointers() {
    return ptr;
  }

  /** The row of every column-view position (shared, read-only). */
  public int[] rows() {
    return rows;
  }

  /**
   * The row-view position of every column-view position (shared, read-only).
   *
   * @throws IllegalStateException unless built by {@link #withPositions}
   */
  public int[] positions() {
    if (positions == null) {
      throw new IllegalStateException("positions were not kept: build with withPositions");
    }
    return positions;
  }

  /**
   * The carried values in column-view order (shared, read-only).
   *
   * @throws IllegalStateException unless built by {@link #withValues}
   */
  public float[] values() {
    if (values == null) {
      throw new IllegalStateException("no values were carried: build with withValues");
    }
    return values;
  }
}
