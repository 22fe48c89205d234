package io.privrec.dp.kanon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnonymizerBuilderTest {
  private static final Hierarchy FLAT = Hierarchy.flat(List.of("a", "b"));

  @Test
  void k_belowOne_throws() {
    assertThatIllegalArgumentException().isThrownBy(() -> Anonymizer.builder().k(0)).withMessageContaining("k");
  }

  @Test
  void suppressionLimit_outsideUnitIntervalOrNaN_throws() {
    for (double bad : new double[] {-0.1, 1.1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatIllegalArgumentException().isThrownBy(() -> Anonymizer.builder().suppressionLimit(bad))
          .withMessageContaining("suppressionLimit");
    }
  }

  @Test
  void build_withoutQuasiIdentifierOrModel_throws() {
    assertThatIllegalArgumentException().isThrownBy(() -> Anonymizer.builder().k(2).build())
        .withMessageContaining("quasi-identifier");
    assertThatIllegalArgumentException().isThrownBy(() -> Anonymizer.builder().quasiIdentifier("x", FLAT).build())
        .withMessageContaining("privacy model");
  }

  @Test
  void roles_assignedTwice_throw() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Anonymizer.builder().quasiIdentifier("x", FLAT).sensitive("x"))
        .withMessageContaining("'x'");
  }

  @Test
  void nulls_throwNamingTheParameter() {
    assertThatNullPointerException().isThrownBy(() -> Anonymizer.builder().metric(null)).withMessage("metric");
    assertThatNullPointerException().isThrownBy(() -> Anonymizer.builder().quasiIdentifier("x", null))
        .withMessage("hierarchy");
  }

  @Test
  void models_badParameters_throw() {
    assertThatIllegalArgumentException().isThrownBy(() -> LDiversity.entropy(Double.NaN)).withMessageContaining("l");
    assertThatIllegalArgumentException().isThrownBy(() -> LDiversity.recursive(0, 2)).withMessageContaining("c");
    assertThatIllegalArgumentException().isThrownBy(() -> TCloseness.equalDistance(1.5)).withMessageContaining("t");
    assertThatIllegalArgumentException().isThrownBy(() -> QualityMetric.loss(Double.NaN))
        .withMessageContaining("gsFactor");
    assertThatIllegalArgumentException().isThrownBy(() -> QualityMetric.parse("foo")).withMessageContaining("'foo'");
    assertThatIllegalArgumentException().isThrownBy(() -> Anonymizer.builder().timeLimit(Duration.ZERO));
    assertThatIllegalArgumentException().isThrownBy(() -> Anonymizer.builder().riskThreshold(0));
  }

  @Test
  void anonymize_unknownColumnOrEmptyTable_throws() {
    Anonymizer a = Anonymizer.builder().quasiIdentifier("x", FLAT).k(1).build();
    Table other = Table.builder().column("y", ColumnType.STRING).addRow("a").build();
    assertThatIllegalArgumentException().isThrownBy(() -> a.anonymize(other)).withMessageContaining("'x'");
    Table empty = Table.builder().column("x", ColumnType.STRING).build();
    assertThatIllegalArgumentException().isThrownBy(() -> a.anonymize(empty)).withMessageContaining("at least one");
  }

  @Test
  void anonymize_unsatisfiable_throws() {
    Table t = Table.builder().column("x", ColumnType.STRING).addRow("a").build();
    Anonymizer a = Anonymizer.builder().quasiIdentifier("x", FLAT).k(2).build();
    assertThatIllegalArgumentException().isThrownBy(() -> a.anonymize(t)).withMessageContaining("no transformation");
  }

  @Test
  void evaluate_wrongLevels_throw() {
    Table t = Table.builder().column("x", ColumnType.STRING).addRow("a").build();
    Anonymizer a = Anonymizer.builder().quasiIdentifier("x", FLAT).k(1).build();
    assertThatIllegalArgumentException().isThrownBy(() -> a.evaluate(t, 0, 0)).withMessageContaining("one entry");
    assertThatIllegalArgumentException().isThrownBy(() -> a.evaluate(t, 2)).withMessageContaining("[0, 1]");
  }

  @Test
  void identifying_isRemovedFromOutput() {
    Table t = Table.builder().column("name", ColumnType.STRING).column("x", ColumnType.STRING)
        .column("note", ColumnType.STRING).addRow("Ann", "a", "n1").addRow("Bob", "b", "n2").build();
    AnonymizationResult r = Anonymizer.builder().identifying("name").quasiIdentifier("x", FLAT).k(2).build().anonymize(t);
    assertThat(r.table().columnNames()).containsExactly("x", "note");
    assertThat(r.table().column("x")).containsExactly("*", "*");
    assertThat(r.table().column("note")).containsExactly("n1", "n2");
  }

  @Test
  void maxNodes_stopsEarlyWithBestSoFar() {
    Table t = SevenRowExampleTest.table();
    AnonymizationResult r = SevenRowExampleTest.builder(t).k(2).maxNodes(1).build().anonymize(t);
    assertThat(r.optimal()).isFalse();
    assertThat(r.transformation()).contains(List.of(2, 1, 5));
    assertThat(r.anonymous()).isTrue();
  }

  @Test
  void anonymize_concurrentCalls_giveTheSameResult() throws Exception {
    Table t = SevenRowExampleTest.table();
    Anonymizer a = SevenRowExampleTest.builder(t).k(2).build();
    List<Thread> threads = new java.util.ArrayList<>();
    List<List<Integer>> results = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    for (int i = 0; i < 4; i++) {
      Thread th = new Thread(() -> results.add(a.anonymize(t).transformation().orElseThrow()));
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    assertThat(results).hasSize(4).containsOnly(List.of(1, 1, 2));
  }
}
