package io.privrec.dp.kanon.internal;

/**
 * A privacy condition on one equivalence class, evaluated from the class's histogram of one
 * sensitive attribute. Implementations are immutable and thread-safe.
 */
public interface Criterion {

  /** Index of the sensitive attribute this criterion reads. */
  int attribute();

  /**
   * Whether a class satisfies the criterion.
   *
   * @param histogram counts per sensitive code (only entries listed in {@code touched} are
   *     non-zero)
   * @param touched the codes with non-zero count, first {@code distinct} entries
   * @param distinct number of distinct sensitive codes in the class
   * @param size number of records in the class
   */
  boolean accepts(int[] histogram, int[] touched, int distinct, int size);

  /**
   * Whether merging a satisfying class with any other class always yields a satisfying class, so
   * that anonymity stays monotone in the lattice even when violating classes are suppressed.
   */
  default boolean monotoneWithSuppression() {
    return false;
  }
}
