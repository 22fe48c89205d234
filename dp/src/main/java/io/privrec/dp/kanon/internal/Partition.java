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
