package io.privrec.dp.kanon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The optimal search on several threads (helpers evaluating predicted nodes ahead) must give
 * exactly the one-thread result: the transformation, score, optimality, number of nodes checked,
 * every record's class and the suppressed records, and the quality report. Run on the seven Adult
 * settings of the benchmark (skipped without the shared data), with a node limit that stops the
 * search half-way, and on small random tables.
 */
class OptimalSearchThreadsTest {

  /** Everything a result reports, for comparison. */
  private static List<Object> fingerprint(AnonymizationResult r) {
    List<Object> out = new ArrayList<>();
    out.add(r.transformation());
    out.add(r.score());
    out.add(r.anonymous());
    out.add(r.optimal());
    out.add(r.nodesChecked());
    out.add(r.classCount());
    out.add(r.suppressedRows());
    out.add(r.classSizeHistogram());
    out.add(r.quality());
    out.add(r.risk());
    int[] classOf = new int[r.table().rowCount()];
    for (int row = 0; row < classOf.length; row++) {
      classOf[row] = r.isSuppressed(row) ? -1 : r.classOf(row);
    }
    out.add(Arrays.toString(classOf));
    return out;
  }

  static Stream<String> adultSettings() {
    return Stream.of("loss4-k2", "loss4-k5", "loss4-k10", "loss4-k100", "loss100-k5", "dm4-k5", "dm4-k50");
  }

  private static Anonymizer.Builder adult(String setting) {
    String[] parts = setting.split("-k");
    int k = Integer.parseInt(parts[1]);
    double limit = Integer.parseInt(parts[0].replaceAll("\\D", "")) / 100.0;
    QualityMetric metric = setting.startsWith("loss") ? QualityMetric.loss() : QualityMetric.discernibility();
    return AdultData.builder(AdultData.QIS9).k(k).suppressionLimit(limit).metric(metric);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adultSettings")
  void anonymize_adultOnSeveralThreads_matchesOneThread(String setting) {
    Table table = AdultData.table();
    List<Object> one = fingerprint(adult(setting).threads(1).build().anonymize(table));

    for (int threads : new int[] {2, 3, 4}) {
      assertThat(fingerprint(adult(setting).threads(threads).build().anonymize(table)))
          .as("%s on %d threads", setting, threads).isEqualTo(one);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adultSettings")
  void anonymize_adultStoppedByNodeLimit_sameBestSoFarOnEveryThreadCount(String setting) {
    Table table = AdultData.table();
    AnonymizationResult first = adult(setting).threads(1).build().anonymize(table);
    int limit = Math.max(2, first.nodesChecked() / 2);
    List<Object> one = fingerprint(adult(setting).threads(1).maxNodes(limit).build().anonymize(table));

    assertThat(one.get(3)).as("optimal").isEqualTo(false);
    assertThat(fingerprint(adult(setting).threads(2).maxNodes(limit).build().anonymize(table))).isEqualTo(one);
  }

  @Provide
  Arbitrary<OptimalSearchPropertyTest.Case> cases() {
    return OptimalSearchPropertyTest.cases(9, 4, 120, 12, Arbitraries.of(0.0, 0.04, 0.2, 1.0),
        Arbitraries.of(QualityMetric.loss(), QualityMetric.discernibility(), QualityMetric.discernibilityStar(),
            QualityMetric.precision(), QualityMetric.averageClassSize(), QualityMetric.nonUniformEntropy()));
  }

  @Property(tries = 150)
  void anonymize_randomTablesOnSeveralThreads_matchesOneThread(@ForAll("cases") OptimalSearchPropertyTest.Case c,
      @ForAll("threadCounts") int threads) {
    Anonymizer.Builder b = Anonymizer.builder();
    for (int q = 0; q < c.hierarchies().size(); q++) {
      b.quasiIdentifier("q" + q, c.hierarchies().get(q));
    }
    b.k(c.k()).suppressionLimit(c.suppression()).metric(c.metric());

    List<Object> one = fingerprint(b.threads(1).build().anonymize(c.table()));

    assertThat(fingerprint(b.threads(threads).build().anonymize(c.table()))).isEqualTo(one);
  }

  @Provide
  Arbitrary<Integer> threadCounts() {
    return Arbitraries.integers().between(2, 5);
  }

  @Test
  void threads_belowOne_throwsNamingTheParameter() {
    assertThatIllegalArgumentException().isThrownBy(() -> Anonymizer.builder().threads(0))
        .withMessageContaining("threads").withMessageContaining("0");
  }
}
