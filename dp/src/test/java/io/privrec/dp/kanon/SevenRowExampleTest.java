package io.privrec.dp.kanon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The 7-row example of ARX's own tests (k = 2, no suppression, Loss). */
class SevenRowExampleTest {
  static Table table() {
    return Table.builder()
        .column("age", ColumnType.INTEGER)
        .column("gender", ColumnType.STRING)
        .column("zipcode", ColumnType.STRING)
        .addRow(34, "male", "81667")
        .addRow(45, "female", "81675")
        .addRow(66, "male", "81925")
        .addRow(70, "female", "81931")
        .addRow(34, "female", "81931")
        .addRow(70, "male", "81931")
        .addRow(45, "male", "81931")
        .build();
  }

  static Anonymizer.Builder builder(Table t) {
    Hierarchy age = Hierarchy.of(List.of(
        List.of("34", "<50", "*"), List.of("45", "<50", "*"),
        List.of("66", ">=50", "*"), List.of("70", ">=50", "*")));
    return Anonymizer.builder()
        .quasiIdentifier("age", age)
        .quasiIdentifier("gender", Hierarchy.flat(List.of("male", "female")))
        .quasiIdentifier("zipcode", Hierarchy.masking(t.column("zipcode")));
  }

  @Test
  void anonymize_sevenRows_reproducesArxOptimum() {
    Table t = table();
    AnonymizationResult r = builder(t).k(2).metric(QualityMetric.loss()).build().anonymize(t);

    assertThat(r.transformation()).contains(List.of(1, 1, 2));
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      rows.add(r.table().text(i, 0) + "," + r.table().text(i, 1) + "," + r.table().text(i, 2));
    }
    assertThat(rows).containsExactly("<50,*,816**", "<50,*,816**", ">=50,*,819**", ">=50,*,819**",
        "<50,*,819**", ">=50,*,819**", "<50,*,819**");
    assertThat(r.suppressedCount()).isZero();
    assertThat(r.optimal()).isTrue();
    assertThat(r.classSizeHistogram()).containsExactly(Map.entry(2, 2), Map.entry(3, 1));
  }

  @Test
  void anonymize_sevenRows_lossIsHandComputed() {
    Table t = table();
    AnonymizationResult r = builder(t).k(2).build().anonymize(t);
    // Per attribute (Σ size·share - N/|A|) / (N - N/|A|), N = 7:
    // age: every label covers 2 of 4 values: (3.5 - 1.75) / 5.25 = 1/3, floored to 10 digits;
    // gender: '*' covers 2 of 2: (7 - 3.5) / 3.5 = 1; zipcode: '816**'/'819**' cover 2 of 4: 1/3.
    double third = Math.floor(1e10 / 3) / 1e10;
    double expected = Math.pow(1 + third, 1 / 3.0) * Math.pow(2, 1 / 3.0) * Math.pow(1 + third, 1 / 3.0) - 1;
    assertThat(r.score()).isCloseTo(expected, within(1e-15));
    assertThat(r.quality().loss()).isEqualTo(r.score());
    // Classes {1,2}, {3,4,6}, {5,7}: DM = DM* = 4 + 9 + 4; AECS = 7 / 3.
    assertThat(r.quality().discernibility()).isEqualTo(17);
    assertThat(r.quality().discernibilityStar()).isEqualTo(17);
    assertThat(r.quality().averageClassSize()).isEqualTo(7 / 3.0);
    // Precision: levels/heights 1/2, 1/1, 2/5 averaged.
    assertThat(r.quality().precision()).isCloseTo((0.5 + 1 + 0.4) / 3, within(1e-15));
  }
}
