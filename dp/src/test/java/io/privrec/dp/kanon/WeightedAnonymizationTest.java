package io.privrec.dp.kanon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Anonymizer#anonymize(Table, int[])}: a histogram gives the optimum of the records it counts. */
class WeightedAnonymizationTest {

  /** The histogram of {@code table} over {@code attributes}: distinct rows in first-seen order, counts. */
  private static Map<List<String>, Integer> histogram(Table table, List<String> attributes) {
    Map<List<String>, Integer> counts = new LinkedHashMap<>();
    for (int r = 0; r < table.rowCount(); r++) {
      List<String> key = new ArrayList<>();
      for (String a : attributes) {
        key.add(table.text(r, table.columnIndex(a)));
      }
      counts.merge(key, 1, Integer::sum);
    }
    return counts;
  }

  private static Table tableOf(Table like, List<String> attributes, Iterable<List<String>> rows) {
    Table.Builder b = Table.builder();
    for (String a : attributes) {
      b.column(a, like.type(a));
    }
    for (List<String> row : rows) {
      b.addRow(row.toArray());
    }
    return b.build();
  }

  private static void assertSameOptimum(AnonymizationResult weighted, AnonymizationResult records) {
    assertThat(weighted.transformation()).isEqualTo(records.transformation());
    assertThat(weighted.anonymous()).isEqualTo(records.anonymous());
    assertThat(weighted.classSizeHistogram()).isEqualTo(records.classSizeHistogram());
    assertThat(weighted.score()).isCloseTo(records.score(), within(Math.abs(records.score()) * 1e-12 + 1e-12));
    assertThat(weighted.quality().discernibility()).isEqualTo(records.quality().discernibility());
    assertThat(weighted.risk()).isEqualTo(records.risk());
  }

  @Test
  void anonymize_histogramOfSevenRowsRepeated_givesTheOptimumOfTheRecords() {
    Table seven = SevenRowExampleTest.table();
    List<String> attributes = List.of("age", "gender", "zipcode");
    List<List<String>> rows = new ArrayList<>();
    int[] weights = {3, 1, 2, 5, 1, 2, 4};
    List<List<String>> expanded = new ArrayList<>();
    for (int r = 0; r < seven.rowCount(); r++) {
      List<String> row = List.of(seven.text(r, 0), seven.text(r, 1), seven.text(r, 2));
      rows.add(row);
      for (int c = 0; c < weights[r]; c++) {
        expanded.add(row);
      }
    }
    Anonymizer anonymizer = SevenRowExampleTest.builder(seven).k(4).suppressionLimit(0.1).build();

    AnonymizationResult weighted = anonymizer.anonymize(tableOf(seven, attributes, rows), weights);
    AnonymizationResult records = anonymizer.anonymize(tableOf(seven, attributes, expanded));

    assertSameOptimum(weighted, records);
    assertThat(anonymizer.histogramAttributes()).isEqualTo(attributes);
  }

  @Test
  void anonymize_adultHistogramWithLDiversity_givesTheOptimumOfTheRecords() {
    Table adult = AdultData.table();
    Anonymizer anonymizer = AdultData.builder(List.of("sex", "age", "race", "marital-status", "education"))
        .sensitive("occupation").lDiversity("occupation", LDiversity.distinct(2)).k(5).suppressionLimit(0.02)
        .build();
    List<String> attributes = anonymizer.histogramAttributes();
    Map<List<String>, Integer> histogram = histogram(adult, attributes);
    int[] weights = histogram.values().stream().mapToInt(Integer::intValue).toArray();

    AnonymizationResult weighted = anonymizer.anonymize(tableOf(adult, attributes, histogram.keySet()), weights);

    assertThat(attributes).containsExactly("sex", "age", "race", "marital-status", "education", "occupation");
    assertThat(histogram.size()).isLessThan(adult.rowCount() / 2);
    assertSameOptimum(weighted, anonymizer.anonymize(adult));
  }

  @Test
  void anonymize_badWeights_rejected() {
    Table seven = SevenRowExampleTest.table();
    Anonymizer anonymizer = SevenRowExampleTest.builder(seven).k(2).build();
    assertThatIllegalArgumentException().isThrownBy(() -> anonymizer.anonymize(seven, new int[] {1, 2}))
        .withMessage("weights must hold one value per row (7). Provided length: 2");
    assertThatIllegalArgumentException().isThrownBy(() -> anonymizer.anonymize(seven, new int[] {1, 1, 1, 0, 1, 1, 1}))
        .withMessage("weights must be >= 1. Provided value: 0");
    Anonymizer mondrian = SevenRowExampleTest.builder(seven).k(2).algorithm(AnonymizationAlgorithm.MONDRIAN_STRICT).build();
    assertThatIllegalArgumentException().isThrownBy(() -> mondrian.anonymize(seven, new int[] {1, 1, 1, 1, 1, 1, 1}))
        .withMessage("weighted tables need the optimal algorithm. Configured: MONDRIAN_STRICT");
  }
}
