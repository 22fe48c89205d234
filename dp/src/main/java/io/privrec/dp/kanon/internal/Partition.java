package io.privrec.dp.kanon.internal;

/**
 * The equivalence classes of one transformation: per class its size, quasi-identifier codes and
 * whether it violates a privacy model (an outlier, suppressed when the node is anonymous).
 * Immutable by convention (arrays are not copied).
 */
public final class Partition {
  /** Generalisation level per quasi-identifier. */
  public final int[] levels;
  /** Number of classes. */
  public final int classes;
  /** Records per class. */
  public final int[] size;
  /** The classes' quasi-identifier codes (one cell per class). */
  private final Cells keys;
  /** Whether each class violates a privacy model. */
  public final boolean[] outlier;
  /** Records in outlier classes. */
  public final int outlierRecords;
  /** Total records. */
  public final int records;
  /** Whether the outliers fit in the suppression limit. */
  public final boolean anonymous;

  Partition(int[] levels, int classes, int[] size, Cells keys, boolean[] outlier, int outlierRecords,
      int records, boolean anonymous) {
    this.levels = levels.clone();
    this.classes = classes;
    this.size = size;
    this.keys = keys;
    this.outlier = outlier;
    this.outlierRecords = outlierRecords;
    this.records = records;
    this.anonymous = anonymous;
  }

  /** Code of class {@code cls} in dimension {@code q}. */
  public int key(int cls, int q) {
    return keys.code(cls, q);
  }

  /**
   * Per quasi-identifier {@code q}, adds to {@code released[q]} and {@code suppressed[q]} the sum
   * over released (outlier) classes of {@code size × } the number of hierarchy leaves under the
   * class's label: exact long sums, one pass over the classes.
   */
  void leafMasses(Encoded e, long[] released, long[] suppressed) {
    int d = e.dims;
    int[][] leaves = new int[d][];
    for (int q = 0; q < d; q++) {
      leaves[q] = e.leafCount[q][levels[q]];
    }
    if (keys.packed != null) {
      long[] packed = keys.packed;
      int[] shift = keys.layout.shift;
      long[] mask = keys.layout.mask;
      for (int c = 0; c < classes; c++) {
        long key = packed[c];
        long s = size[c];
        long[] target = outlier[c] ? suppressed : released;
        for (int q = 0; q < d; q++) {
          target[q] += s * leaves[q][(int) ((key >>> shift[q]) & mask[q])];
        }
      }
    } else {
      for (int c = 0; c < classes; c++) {
        long s = size[c];
        long[] target = outlier[c] ? suppressed : released;
        for (int q = 0; q < d; q++) {
          target[q] += s * leaves[q][keys.code(c, q)];
        }
      }
    }
  }

  /** Number of classes that are not outliers. */
  public int releasedClasses() {
    int n = 0;
    for (int c = 0; c < classes; c++) {
      if (!outlier[c]) {
        n++;
      }
    }
    return n;
  }
}
