package io.privrec.dp.kanon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class MondrianTest {

  private static Table numbers(int... values) {
    Table.Builder b = Table.builder().column("x", ColumnType.INTEGER);
    for (int v : values) {
      b.addRow(v);
    }
    return b.build();
  }

  private static AnonymizationResult run(Table t, int k, AnonymizationAlgorithm algorithm) {
    return Anonymizer.builder().quasiIdentifier("x").k(k).algorithm(algorithm).build().anonymize(t);
  }

  @Test
  void strict_distinctValues_splitsAtMediansIntoPairs() {
    AnonymizationResult r = run(numbers(8, 1, 7, 2, 6, 3, 5, 4), 2, AnonymizationAlgorithm.MONDRIAN_STRICT);
    assertThat(r.table().column("x")).containsExactly("[7, 8]", "[1, 2]", "[7, 8]", "[1, 2]", "[5, 6]",
        "[3, 4]", "[5, 6]", "[3, 4]");
    assertThat(r.classSizeHistogram()).containsExactly(java.util.Map.entry(2, 4));
    assertThat(r.suppressedCount()).isZero();
    assertThat(r.transformation()).isEmpty();
    // NCP: every class spans 1 of the range 7; DM = 4 · 2².
    assertThat(r.quality().certaintyPenalty()).isEqualTo(1 / 7.0);
    assertThat(r.quality().discernibility()).isEqualTo(16);
    assertThat(r.quality().averageClassSize()).isEqualTo(2);
  }

  @Test
  void strictVersusRelaxed_tiesAtTheMedian() {
    Table t = numbers(1, 1, 1, 1, 2, 2);
    // Strict: all 1s must go to one side, leaving 2 records (< k) on the other: no cut.
    assertThat(run(t, 3, AnonymizationAlgorithm.MONDRIAN_STRICT).classCount()).isEqualTo(1);
    // Relaxed: halves {1,1,1} and {1,2,2}.
    AnonymizationResult relaxed = run(t, 3, AnonymizationAlgorithm.MONDRIAN_RELAXED);
    assertThat(relaxed.classCount()).isEqualTo(2);
    assertThat(relaxed.table().column("x")).containsExactly("1", "1", "1", "[1, 2]", "[1, 2]", "[1, 2]");
  }

  @Test
  void hierarchical_splitsAlongSubtrees() {
    Hierarchy h = Hierarchy.of(List.of(List.of("a1", "A", "*"), List.of("a2", "A", "*"), List.of("b1", "B", "*"),
        List.of("b2", "B", "*")));
    Table t = Table.builder().column("c", ColumnType.STRING)
        .addRow("a1").addRow("a1").addRow("a2").addRow("a2").addRow("b1").addRow("b2").build();
    AnonymizationResult r = Anonymizer.builder().quasiIdentifier("c", h).k(2)
        .algorithm(AnonymizationAlgorithm.MONDRIAN_STRICT).build().anonymize(t);
    assertThat(r.table().column("c")).containsExactly("a1", "a1", "a2", "a2", "B", "B");
    // NCP: a1, a2 cost 0; B covers 2 of 4 values.
    assertThat(r.quality().certaintyPenalty()).isEqualTo(2 * 0.5 / 6);
    assertThat(r.quality().precision()).isNaN();
  }

  @Test
  void mondrian_stringWithoutHierarchy_throws() {
    Table t = Table.builder().column("c", ColumnType.STRING).addRow("a").build();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Anonymizer.builder().quasiIdentifier("c").k(1)
            .algorithm(AnonymizationAlgorithm.MONDRIAN_STRICT).build().anonymize(t))
        .withMessageContaining("'c'");
  }

  @Test
  void optimal_numericWithoutHierarchy_throws() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Anonymizer.builder().quasiIdentifier("x").k(1).build().anonymize(numbers(1, 2)))
        .withMessageContaining("'x'").withMessageContaining("hierarchy");
  }

  @Test
  void mondrian_tableSmallerThanK_throws() {
    assertThatIllegalArgumentException().isThrownBy(() -> run(numbers(1, 2), 3, AnonymizationAlgorithm.MONDRIAN_STRICT))
        .withMessageContaining("whole table");
  }

  @Test
  void adult_k10_everyClassHasTenAndNcpIsReasonable() {
    Table t = AdultData.table();
    Anonymizer.Builder b = Anonymizer.builder().quasiIdentifier("age");
    for (String q : AdultData.QIS8) {
      if (!q.equals("age")) {
        b.quasiIdentifier(q, AdultData.hierarchy(q));
      }
    }
    AnonymizationResult r = b.k(10).algorithm(AnonymizationAlgorithm.MONDRIAN_STRICT).build().anonymize(t);
    for (int c = 0; c < r.classCount(); c++) {
      assertThat(r.classSize(c)).isGreaterThanOrEqualTo(10);
    }
    assertThat(r.classSizeHistogram().firstKey()).isGreaterThanOrEqualTo(10);
    assertThat(r.quality().certaintyPenalty()).isBetween(0.0, 0.5);
    assertThat(r.risk().highestRisk()).isLessThanOrEqualTo(0.1);
  }
}
