package io.privrec.dp.kanon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CohortsTest {

  private static Table customers(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Table.Builder b = Table.builder().column("age", ColumnType.INTEGER).column("height", ColumnType.DECIMAL)
        .column("body", ColumnType.STRING).column("since", ColumnType.DATE);
    String[] bodies = {"athletic", "hourglass", "petite", "straight"};
    for (int i = 0; i < n; i++) {
      b.addRow(18 + random.nextInt(50), 58 + random.nextInt(15) + 0.5 * random.nextInt(2),
          bodies[random.nextInt(bodies.length)], LocalDate.of(2015, 1, 1).plusDays(random.nextInt(1500)));
    }
    return b.build();
  }

  @Test
  void fit_everyCohortHasAtLeastK() {
    Table t = customers(500, 1);
    Cohorts c = Cohorts.fit(t, List.of("age", "height", "body", "since"), 10);
    assertThat(c.count()).isGreaterThan(10);
    int total = 0;
    for (int i = 0; i < c.count(); i++) {
      assertThat(c.size(i)).isGreaterThanOrEqualTo(10);
      assertThat(c.members(i)).hasSize(c.size(i));
      total += c.size(i);
    }
    assertThat(total).isEqualTo(500);
  }

  @Test
  void cohortOf_trainingCustomer_returnsTheirCohort() {
    Table t = customers(300, 2);
    Cohorts c = Cohorts.fit(t, List.of("age", "height", "body", "since"), 5);
    for (int row = 0; row < t.rowCount(); row++) {
      Map<String, Object> attributes = Map.of("age", t.value(row, 0), "height", t.value(row, 1), "body",
          t.value(row, 2), "since", t.value(row, 3), "unrelated", "ignored");
      assertThat(c.cohortOf(attributes)).isEqualTo(c.cohortOf(row));
    }
  }

  @Test
  void cohortOf_outsideTrainingRange_joinsTheExtremeCohort() {
    Table t = Table.builder().column("age", ColumnType.INTEGER)
        .addRow(20).addRow(21).addRow(30).addRow(31).addRow(40).addRow(41).addRow(50).addRow(51).build();
    Cohorts c = Cohorts.fit(t, List.of("age"), 2);
    // Cuts: 31 (root), then 21 and 41: cohorts {20,21} {30,31} {40,41} {50,51}.
    assertThat(c.count()).isEqualTo(4);
    assertThat(c.cohortOf(Map.of("age", 5))).isEqualTo(c.cohortOf(0));
    assertThat(c.cohortOf(Map.of("age", 99.5))).isEqualTo(c.cohortOf(7));
    // 35 > 31 goes right, 35 <= 41 goes left: the cohort of 40 and 41.
    assertThat(c.cohortOf(Map.of("age", "35"))).isEqualTo(c.cohortOf(4));
    assertThat(c.describe(c.cohortOf(0))).containsEntry("age", "[20, 21]");
  }

  @Test
  void cohortOf_badInput_throwsNamingTheAttribute() {
    Table t = customers(50, 3);
    Cohorts c = Cohorts.fit(t, List.of("age", "body"), 5);
    assertThatIllegalArgumentException().isThrownBy(() -> c.cohortOf(Map.of("age", 30)))
        .withMessageContaining("'body'");
    assertThatIllegalArgumentException().isThrownBy(() -> c.cohortOf(Map.of("age", "old", "body", "petite")))
        .withMessageContaining("'age'").withMessageNotContaining("old").satisfies(e -> assertThat(e).hasNoCause());
    assertThatIllegalArgumentException().isThrownBy(() -> c.cohortOf(Map.of("age", Double.NaN, "body", "petite")))
        .withMessageContaining("'age'");
  }

  @Test
  void fit_withHierarchy_unknownValueAtLookupThrows() {
    Table t = customers(100, 4);
    Hierarchy body = Hierarchy.of(List.of(List.of("athletic", "firm", "*"), List.of("straight", "firm", "*"),
        List.of("hourglass", "curvy", "*"), List.of("petite", "curvy", "*")));
    Cohorts c = Cohorts.fit(t, List.of("age", "body"), Map.of("body", body), 5);
    assertThat(c.cohortOf(Map.of("age", 30, "body", "petite"))).isBetween(0, c.count() - 1);
    assertThatIllegalArgumentException().isThrownBy(() -> c.cohortOf(Map.of("age", 30, "body", "apple")))
        .withMessageContaining("'body'").withMessageContaining("not in its hierarchy").withMessageNotContaining("apple");
  }

  @Test
  void fit_badArguments_throw() {
    Table t = customers(3, 5);
    assertThatIllegalArgumentException().isThrownBy(() -> Cohorts.fit(t, List.of("age"), 4))
        .withMessage("table must have at least k = 4 rows");
    assertThatIllegalArgumentException().isThrownBy(() -> Cohorts.fit(t, List.of("age", "age"), 1));
    assertThatIllegalArgumentException().isThrownBy(() -> Cohorts.fit(t, List.of("nope"), 1)).withMessageContaining("'nope'");
    assertThatIllegalArgumentException().isThrownBy(() -> Cohorts.fit(t, List.of(), 1));
  }
}
