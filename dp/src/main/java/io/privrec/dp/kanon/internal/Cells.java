package io.privrec.dp.kanon.internal;

/**
 * Distinct rows of (quasi-identifier codes on some levels, sensitive codes) with record counts:
 * the unit from which a node's equivalence classes are built and rolled up. Rows are bit-packed
 * into a {@code long} when the {@link Layout} allows it, and stored as int rows otherwise.
 * Immutable by convention (arrays are not copied).
 */
public final class Cells {
  /** Number of cells. */
  public final int count;
  /** Records per cell. */
  final int[] counts;
  /** Packed rows, or null. */
  final long[] packed;
  /** Int rows ({@code count × width}), or null. */
  final int[] rows;
  final Layout layout;

  Cells(Layout layout, long[] packed, int[] rows, int[] counts, int count) {
    this.layout = layout;
    this.packed = packed;
    this.rows = rows;
    this.counts = counts;
    this.count = count;
  }

  /** Code of column {@code col} (quasi-identifiers first, then sensitive attributes) of a cell. */
  int code(int cell, int col) {
    return packed != null ? (int) ((packed[cell] >>> layout.shift[col]) & layout.mask[col])
        : rows[cell * layout.width + col];
  }

  /** Approximate memory footprint in ints, for cache budgeting. */
  long footprint() {
    return packed != null ? 3L * count : (long) count * (layout.width + 1);
  }

  /** Bit layout of packed rows: per column a shift and a mask. */
  static final class Layout {
    final int dims;
    final int width;
    final int[] shift;
    final long[] mask;
    /** Number of bits of a packed row (all columns). */
    final int bits;
    /** Whether rows fit in 63 bits. */
    final boolean packable;
    /** Mask of the sensitive columns' bits. */
    final long sensitiveMask;
    /**
     * Consecutive quasi-identifier columns grouped into chunks of at most {@link #CHUNK_BITS} bits,
     * so that a roll-up can map a whole chunk with one table lookup; null if a column is wider.
     */
    final int[][] chunkColumns;
    final int[] chunkShift;
    final long[] chunkMask;
    static final int CHUNK_BITS = 12;

    Layout(int dims, int[] maxCodes) {
      this.dims = dims;
      this.width = maxCodes.length;
      this.shift = new int[width];
      this.mask = new long[width];
      int bits = 0;
      long sens = 0;
      for (int i = 0; i < width; i++) {
        int b = 64 - Long.numberOfLeadingZeros(Math.max(1, maxCodes[i] - 1));
        shift[i] = bits;
        mask[i] = (1L << b) - 1;
        if (i >= dims) {
          sens |= mask[i] << bits;
        }
        bits += b;
      }
      this.bits = bits;
      this.packable = bits <= 63;
      this.sensitiveMask = sens;
      java.util.List<int[]> chunks = new java.util.ArrayList<>();
      boolean ok = true;
      int start = 0;
      while (start < dims && ok) {
        int end = start;
        int chunkBits = 0;
        while (end < dims && chunkBits + Long.bitCount(mask[end]) <= CHUNK_BITS) {
          chunkBits += Long.bitCount(mask[end]);
          end++;
        }
        if (end == start) {
          ok = false;
        } else {
          int[] cols = new int[end - start];
          for (int i = start; i < end; i++) {
            cols[i - start] = i;
          }
          chunks.add(cols);
          start = end;
        }
      }
      if (ok) {
        chunkColumns = chunks.toArray(new int[0][]);
        chunkShift = new int[chunkColumns.length];
        chunkMask = new long[chunkColumns.length];
        for (int c = 0; c < chunkColumns.length; c++) {
          int[] cols = chunkColumns[c];
          int last = cols[cols.length - 1];
          chunkShift[c] = shift[cols[0]];
          chunkMask[c] = (1L << (shift[last] + Long.bitCount(mask[last]) - shift[cols[0]])) - 1;
        }
      } else {
        chunkColumns = null;
        chunkShift = null;
        chunkMask = null;
      }
    }

    long pack(int[] row) {
      long key = 0;
      for (int i = 0; i < width; i++) {
        key |= (long) row[i] << shift[i];
      }
      return key;
    }
  }
}
