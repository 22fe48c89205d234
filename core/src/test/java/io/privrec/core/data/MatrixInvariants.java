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
    int nnz = m.numInteractions();
    assertThat(m.rowStart(0)).isZero();
    assertThat(m.rowEnd(m.numUsers() - 1)).isEqualTo(nnz);
    long rowTotal = 0;
    for (int u = 0; u < m.numUsers(); u++) {
      assertThat(m.rowEnd(u)).isGreaterThanOrEqualTo(m.rowStart(u));
      for (int p = m.rowStart(u); p < m.rowEnd(u); p++) {
        assertThat(m.itemAt(p)).isBetween(0, m.numItems() - 1);
        if (p > m.rowStart(u)) {
          assertThat(m.itemAt(p)).isGreaterThan(m.itemAt(p - 1));
        }
        float w = m.weightAt(p);
        assertThat(w > 0 && Float.isFinite(w)).as("weight %s at %s", w, p).isTrue();
        assertThat(m.find(u, m.itemAt(p))).isEqualTo(p);
      }
      rowTotal += m.rowLength(u);
    }
    assertThat(rowTotal).isEqualTo(nnz);
    long colTotal = 0;
    for (int i = 0; i < m.numItems(); i++) {
      for (int q = m.colStart(i); q < m.colEnd(i); q++) {
        int u = m.userAt(q);
        if (q > m.colStart(i)) {
          assertThat(u).isGreaterThan(m.userAt(q - 1));
        }
        int p = m.find(u, i);
        assertThat(p).isNotNegative();
        assertThat(m.colWeightAt(q)).isEqualTo(m.weightAt(p));
      }
      colTotal += m.colLength(i);
    }
    assertThat(colTotal).isEqualTo(nnz);
  }
}
