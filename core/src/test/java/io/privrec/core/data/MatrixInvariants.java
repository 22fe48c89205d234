package io.privrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks the structural invariants every {@link InteractionMatrix} must satisfy. */
public final class MatrixInvariants {
  private MatrixInvariants() {}

  /**
   * Asserts the CSR invariants (monotone row pointers, strictly increasing items per row, finite
   * positive weights, items in range) and that the column view holds exactly the same cells.
   */
  public static void assertValid(InteractionMatrix m) {
    assertThat(firstViolation(m)).as("CSR invariant violation").isNull();
  }

  private static String firstViolation(InteractionMatrix m) {
    int nnz = m.numInteractions();
    if (m.rowStart(0) != 0 || m.rowEnd(m.numUsers() - 1) != nnz) {
      return "row pointers do not span [0, " + nnz + ")";
    }
    for (int u = 0; u < m.numUsers(); u++) {
      if (m.rowEnd(u) < m.rowStart(u)) {
        return "row " + u + " ends before it starts";
      }
      for (int p = m.rowStart(u); p < m.rowEnd(u); p++) {
        int item = m.itemAt(p);
        if (item < 0 || item >= m.numItems()) {
          return "item " + item + " out of range at " + p;
        }
        if (p > m.rowStart(u) && item <= m.itemAt(p - 1)) {
          return "row " + u + " not strictly increasing at " + p;
        }
        float w = m.weightAt(p);
        if (!(w > 0 && Float.isFinite(w))) {
          return "weight " + w + " at " + p;
        }
        if (m.find(u, item) != p) {
          return "find(" + u + ", " + item + ") != " + p;
        }
      }
    }
    long colTotal = 0;
    for (int i = 0; i < m.numItems(); i++) {
      for (int q = m.colStart(i); q < m.colEnd(i); q++) {
        int u = m.userAt(q);
        if (q > m.colStart(i) && u <= m.userAt(q - 1)) {
          return "column " + i + " not strictly increasing at " + q;
        }
        int p = m.find(u, i);
        if (p < 0 || m.colWeightAt(q) != m.weightAt(p)) {
          return "column cell (" + u + ", " + i + ") does not match its row";
        }
      }
      colTotal += m.colLength(i);
    }
    return colTotal == nnz ? null : "column view holds " + colTotal + " cells, rows " + nnz;
  }
}
