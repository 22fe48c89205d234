package io.privrec.core.data.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CsrTransposeTest {

  @Test
  void of_listsEachColumnsRowsInIncreasingOrderWithTheirRowViewPositions() {
    // rows: 0 → {1, 3}, 1 → {}, 2 → {0, 1}, 3 → {3}
    int[] rowPtr = {0, 2, 2, 4, 5};
    int[] cols = {1, 3, 0, 1, 3};
    CsrTranspose t = CsrTranspose.of(5, rowPtr, cols);
    assertThat(t.numCols()).isEqualTo(5);
    assertThat(t.pointers()).containsExactly(0, 1, 3, 3, 5, 5);
    assertThat(t.rows()).containsExactly(2, 0, 2, 0, 3);

    CsrTranspose withPositions = CsrTranspose.withPositions(5, rowPtr, cols);
    assertThat(withPositions.pointers()).containsExactly(t.pointers());
    assertThat(withPositions.rows()).containsExactly(t.rows());
    assertThat(withPositions.positions()).containsExactly(2, 0, 3, 1, 4);

    CsrTranspose withValues = CsrTranspose.withValues(5, rowPtr, cols, new float[] {10f, 11f, 12f, 13f, 14f});
    assertThat(withValues.rows()).containsExactly(t.rows());
    assertThat(withValues.values()).containsExactly(12f, 10f, 13f, 11f, 14f);
  }

  @Test
  void accessors_refuseWhatWasNotKept() {
    CsrTranspose t = CsrTranspose.of(2, new int[] {0, 1}, new int[] {1});
    assertThatIllegalStateException().isThrownBy(t::positions)
        .withMessage("positions were not kept: build with withPositions");
    assertThatIllegalStateException().isThrownBy(t::values)
        .withMessage("no values were carried: build with withValues");
  }

  @Test
  void of_equalsANaiveTransposeOnRandomRows() {
    SplittableRandom random = new SplittableRandom(7);
    int numRows = 200;
    int numCols = 50;
    int[] rowPtr = new int[numRows + 1];
    List<Integer> colList = new ArrayList<>();
    for (int r = 0; r < numRows; r++) {
      for (int c = 0; c < numCols; c++) {
        if (random.nextInt(6) == 0) {
          colList.add(c);
        }
      }
      rowPtr[r + 1] = colList.size();
    }
    int[] cols = colList.stream().mapToInt(Integer::intValue).toArray();
    float[] values = new float[cols.length];
    for (int p = 0; p < values.length; p++) {
      values[p] = (float) random.nextDouble();
    }

    CsrTranspose t = CsrTranspose.withPositions(numCols, rowPtr, cols);
    float[] gathered = CsrTranspose.withValues(numCols, rowPtr, cols, values).values();

    int q = 0;
    for (int c = 0; c < numCols; c++) {
      assertThat(t.pointers()[c]).isEqualTo(q);
      for (int r = 0; r < numRows; r++) {
        for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
          if (cols[p] == c) {
            assertThat(t.rows()[q]).isEqualTo(r);
            assertThat(t.positions()[q]).isEqualTo(p);
            assertThat(Float.floatToRawIntBits(gathered[q])).isEqualTo(Float.floatToRawIntBits(values[p]));
            q++;
          }
        }
      }
    }
    assertThat(t.pointers()[numCols]).isEqualTo(cols.length).isEqualTo(q);
  }

  @Test
  void of_handlesNoRowsAndNoColumns() {
    CsrTranspose t = CsrTranspose.withValues(0, new int[] {0}, new int[0], new float[0]);
    assertThat(t.pointers()).containsExactly(0);
    assertThat(t.rows()).isEmpty();
    assertThat(t.values()).isEmpty();

    CsrTranspose empty = CsrTranspose.of(3, new int[] {0, 0, 0}, new int[0]);
    assertThat(empty.pointers()).containsExactly(0, 0, 0, 0);
  }
}
