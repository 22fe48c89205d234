package io.privrec.dp.kanon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the optima of the seven Adult settings of the ARX reference timings (issue 18; all 9
 * columns as quasi-identifiers, ARX's hierarchies), so that a faster search must find exactly the
 * same result: the transformation, its score, the number of released classes and the suppressed
 * records (their number, the sum of their row indices and {@link List#hashCode()} of the sorted
 * list). The expected values are those of the search before its roll-up hubs, dense roll-up
 * counts and the tighter DM bound. Skipped when the shared data folder is absent.
 */
class AdultOptimaTest {

  private static Arguments row(String setting, QualityMetric metric, List<Integer> transformation, double score,
      int suppressed, long rowIndexSum, int rowListHash, int classes) {
    return Arguments.of(setting, metric, transformation, score, suppressed, rowIndexSum, rowListHash, classes);
  }

  static Stream<Arguments> settings() {
    return Stream.of(
        row("loss4-k2", QualityMetric.loss(), List.of(0, 3, 0, 0, 2, 1, 1, 1, 0), 0.17599055898432758, 1009,
            15553092L, -1666892681, 1182),
        row("loss4-k5", QualityMetric.loss(), List.of(0, 3, 0, 1, 1, 1, 1, 2, 0), 0.26611081915757495, 1178,
            18042471L, -123805116, 370),
        row("loss4-k10", QualityMetric.loss(), List.of(0, 4, 0, 1, 2, 1, 0, 2, 0), 0.32144043001423905, 1163,
            17631206L, -2047068575, 168),
        row("loss4-k100", QualityMetric.loss(), List.of(0, 3, 1, 2, 2, 2, 1, 2, 0), 0.4987527115183996, 1063,
            16301009L, -224663228, 38),
        row("loss100-k5", QualityMetric.loss(), List.of(0, 3, 0, 0, 2, 1, 1, 1, 0), 0.22041192847984292, 2553,
            38442740L, -752454697, 602),
        row("dm4-k5", QualityMetric.discernibility(), List.of(0, 0, 1, 2, 3, 2, 2, 1, 1), 7220555.0, 105,
            1492257L, 424784054, 356),
        row("dm4-k50", QualityMetric.discernibility(), List.of(1, 0, 1, 2, 3, 2, 2, 2, 1), 2.9880636E7, 330,
            4697379L, 776458384, 55));
  }

  /** {@code setting} reads {@code <metric><suppression percent>-k<k>}, as in AnonymizerBenchmark. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void anonymize_adultSetting_findsThePinnedOptimum(String setting, QualityMetric metric, List<Integer> transformation,
      double score, int suppressed, long rowIndexSum, int rowListHash, int classes) {
    String[] parts = setting.split("-k");
    int k = Integer.parseInt(parts[1]);
    double limit = Integer.parseInt(parts[0].replaceAll("\\D", "")) / 100.0;
    Table table = AdultData.table();

    AnonymizationResult r = AdultData.builder(AdultData.QIS9).k(k).suppressionLimit(limit).metric(metric).build()
        .anonymize(table);

    assertThat(r.optimal()).isTrue();
    assertThat(r.anonymous()).isTrue();
    assertThat(r.transformation()).contains(transformation);
    assertThat(r.score()).isEqualTo(score);
    assertThat(r.classCount()).isEqualTo(classes);
    List<Integer> rows = r.suppressedRows();
    assertThat(rows).hasSize(suppressed);
    assertThat(rows.stream().mapToLong(Integer::longValue).sum()).isEqualTo(rowIndexSum);
    assertThat(rows.hashCode()).isEqualTo(rowListHash);
  }
}
