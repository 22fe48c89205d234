package io.privrec.dp.kanon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every quality and risk measure on a 6-record table, computed by hand. Hierarchy of {@code a}:
 * a1, a2 → A; a3 → B; → *. {@code b} ∈ {x, y} → *. Transformation [1, 0] gives classes (A,x) =
 * {1,2}, (B,x) = {3}, (A,y) = {4,5}, (B,y) = {6}; with k = 2 the two singletons are suppressed.
 */
class MeasuresTest {
  private static final double FLOOR = 1e10;

  static Table table() {
    return Table.builder().column("a", ColumnType.STRING).column("b", ColumnType.STRING)
        .addRow("a1", "x").addRow("a2", "x").addRow("a3", "x")
        .addRow("a1", "y").addRow("a1", "y").addRow("a3", "y")
        .build();
  }

  static Anonymizer.Builder builder() {
    Hierarchy a = Hierarchy.of(List.of(List.of("a1", "A", "*"), List.of("a2", "A", "*"), List.of("a3", "B", "*")));
    return Anonymizer.builder().quasiIdentifier("a", a).quasiIdentifier("b", Hierarchy.flat(List.of("x", "y")));
  }

  private static double floor10(double v) {
    return Math.floor(v * FLOOR) / FLOOR;
  }

  @Test
  void evaluate_withSuppression_everyMeasureMatchesHandComputation() {
    AnonymizationResult r = builder().k(2).suppressionLimit(2 / 6.0).build().evaluate(table(), 1, 0);
    assertThat(r.anonymous()).isTrue();
    assertThat(r.suppressedRows()).containsExactly(2, 5);
    QualityReport q = r.quality();
    // DM: 2² + 2² + 2 suppressed · N; DM*: 4 + 1 + 4 + 1; AECS: 6 / (2 classes + 1).
    assertThat(q.discernibility()).isEqualTo(20);
    assertThat(q.discernibilityStar()).isEqualTo(10);
    assertThat(q.averageClassSize()).isEqualTo(2);
    // Precision: a (4 · 1/2 + 2) / 6, b (0 + 2) / 6, averaged.
    assertThat(q.precision()).isCloseTo((4.0 / 6 + 2.0 / 6) / 2, within(1e-15));
    // Loss: a (4 · 2/3 + 2 - 2) / (6 - 2) = 2/3; b (4 · 1/2 + 2 - 3) / (6 - 3) = 1/3.
    double lossA = floor10(2 / 3.0);
    double lossB = floor10(1 / 3.0);
    assertThat(q.loss()).isCloseTo(Math.pow(1 + lossA, 0.5) * Math.pow(1 + lossB, 0.5) - 1, within(1e-15));
    // Non-uniform entropy: a: -(3 log2(3/4) + 1 log2(1/4) + 2 log2(2/2)) plus the suppressed
    // records' labels (both B: 2 log2(2/2) = 0); b: 0 plus suppressed labels x, y: -2 log2(1/2).
    double log2 = Math.log(2);
    double entropyA = -(3 * Math.log(0.75) / log2 + Math.log(0.25) / log2);
    assertThat(q.nonUniformEntropy()).isCloseTo(floor10(entropyA) + 2, within(1e-12));
    // NCP: a: label A covers 2 of 3 values (4 records), suppressed records cost 1 (2 records);
    // b: ungeneralised costs 0, suppressed 1 each. Mean over 6 records × 2 attributes.
    assertThat(q.certaintyPenalty()).isCloseTo((4 * 2 / 3.0 + 2 + 2) / 12, within(1e-15));
    assertThat(r.score()).isEqualTo(q.loss());
  }

  @Test
  void evaluate_withSuppression_riskOfReleasedRecords() {
    AnonymizationResult r = builder().k(2).suppressionLimit(0.5).riskThreshold(0.4).build().evaluate(table(), 1, 0);
    RiskReport risk = r.risk();
    assertThat(risk.highestRisk()).isEqualTo(0.5);
    assertThat(risk.averageRisk()).isEqualTo(0.5);
    assertThat(risk.recordsAtRisk()).isEqualTo(4 / 6.0);
    assertThat(risk.sampleUniques()).isZero();
    assertThat(risk.threshold()).isEqualTo(0.4);
  }

  @Test
  void evaluate_identity_riskCountsUniques() {
    AnonymizationResult r = builder().k(1).build().evaluate(table(), 0, 0);
    // Classes: (a1,x) (a2,x) (a3,x) (a1,y)×2 (a3,y): 4 uniques, one pair.
    assertThat(r.risk().highestRisk()).isEqualTo(1);
    assertThat(r.risk().averageRisk()).isEqualTo(5 / 6.0);
    assertThat(r.risk().sampleUniques()).isEqualTo(4 / 6.0);
    assertThat(r.risk().recordsAtRisk()).isEqualTo(1.0);
    assertThat(r.classSizeHistogram()).containsEntry(1, 4).containsEntry(2, 1);
  }

  @Test
  void evaluate_overTheLimit_notAnonymousAndMeasuresCountViolatorsAsSuppressed() {
    AnonymizationResult r = builder().k(2).suppressionLimit(0.1).build().evaluate(table(), 1, 0);
    assertThat(r.anonymous()).isFalse();
    assertThat(r.suppressedCount()).isZero();
    assertThat(r.quality().discernibility()).isEqualTo(20);
    assertThat(r.table().text(2, 0)).isEqualTo("B");
  }

  @Test
  void evaluate_suppressedRows_showStarInQuasiIdentifiers() {
    AnonymizationResult r = builder().k(2).suppressionLimit(0.5).build().evaluate(table(), 1, 0);
    assertThat(r.table().text(2, 0)).isEqualTo("*");
    assertThat(r.table().text(2, 1)).isEqualTo("*");
    assertThat(r.table().text(0, 0)).isEqualTo("A");
    assertThat(r.table().text(0, 1)).isEqualTo("x");
    assertThat(r.isSuppressed(2)).isTrue();
    assertThat(r.classOf(2)).isEqualTo(-1);
    assertThat(r.classOf(0)).isEqualTo(r.classOf(1));
  }

  @Test
  void loss_gsFactor_weightsGeneralisationAndSuppressionAsArx() {
    // gs = 0.75: g = 1 - 2 (0.75 - 0.5) = 0.5, s = 1.
    AnonymizationResult r = builder().k(2).suppressionLimit(0.5).metric(QualityMetric.loss(0.75)).build()
        .evaluate(table(), 1, 0);
    // a: (0.5 · 4 · 2/3 + 2 - 0.5 · 2) / (6 - 0.5 · 2); b: (0.5 · 4 · 1/2 + 2 - 1.5) / (6 - 1.5).
    double a = floor10((0.5 * 4 * 2 / 3.0 + 2 - 1) / 5);
    double b = floor10((0.5 * 2 + 2 - 1.5) / 4.5);
    assertThat(r.score()).isCloseTo(Math.pow(1 + a, 0.5) * Math.pow(1 + b, 0.5) - 1, within(1e-15));
  }
}
