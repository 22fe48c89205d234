package io.privrec.core.data.internal;

import java.util.Arrays;

/**
 * The transpose of a compressed-sparse-row pattern: given rows {@code r} holding columns {@code
 * cols[rowPtr[r]] … cols[rowPtr[r+1]-1]}, lists for every column the rows that hold it, together
 * with the row-view position of each entry so that any values aligned with {@code cols} can be
 * carried along ({@link #gather}). This is the one counting-sort transpose of the library: the
 * column view of {@link io.privrec.core.data.InteractionMatrix} and every item → users view built
 * while fitting come from here.
 *
 * <h2>Order</h2>
 * Column {@code c} occupies positions {@code pointers()[c] … pointers()[c+1]-1}. Its entries are
 * in increasing row order, and entries of the same row in increasing row-view position (a stable
 * counting sort by column), so the result depends only on the input, never on timing.
 *
 * <h2>Cost</h2>
 * Two passes over the entries and one over the columns, O(entries + columns) time; memory {@code
 * 4·(columns + 1) + 8·entries} bytes for the three arrays.
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
  private final int[] positions;

  private CsrTranspose(int[] ptr, int[] rows, int[] positions) {
    this.ptr = ptr;
    this.rows = rows;
    this.positions = positions;
  }

  /**
   * Transposes the pattern.
   *
   * @param numCols number of columns, {@code >= 0}
   * @param rowPtr row pointers, length rows + 1
   * @param cols column of every row-view position
   */
  public static CsrTranspose of(int numCols, int[] rowPtr, int[] cols) {
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
    int[] positions = new int[entries];
    int[] next = Arrays.copyOf(ptr, numCols);
    for (int r = 0; r < numRows; r++) {
      for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
        int q = next[cols[p]]++;
        rows[q] = r;
        positions[q] = p;
      }
    }
    return new CsrTranspose(ptr, rows, positions);
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

  /** The row-view position of every column-view position (shared, read-only). */
  public int[] positions() {
    return positions;
  }

  /** Values aligned with the row view, reordered to the column view (a new array). */
  public float[] gather(float[] rowValues) {
    float[] out = new float[positions.length];
    for (int q = 0; q < out.length; q++) {
      out[q] = rowValues[positions[q]];
    }
    return out;
  }
}
