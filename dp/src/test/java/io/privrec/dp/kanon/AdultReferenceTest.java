package io.privrec.dp.kanon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Reproduces the reference values of the shared data README (published by the ARX project and
 * recomputed independently): Adult, 8 quasi-identifiers, k = 5, N = 30,162. Classes smaller than k
 * count as suppressed in every measure.
 */
class AdultReferenceTest {
  private static final long N = 30_162;

  private static AnonymizationResult evaluate(int... levels) {
    return AdultData.builder(AdultData.QIS8).k(5).build().evaluate(AdultData.table(), levels);
  }

  @Test
  void evaluate_identity_reproducesDmDmStarAecsPrecision() {
    QualityReport q = evaluate(0, 0, 0, 0, 0, 0, 0, 0).quality();
    assertThat(q.discernibility()).isEqualTo(463_536_157d);
    assertThat(q.discernibilityStar()).isEqualTo(485_542d);
    assertThat(q.averageClassSize()).isEqualTo(29.113899613899616);
    assertThat(q.precision()).isCloseTo(0.5090179696306611, within(0.5090179696306611 * 1e-12));
  }

  @Test
  void evaluate_top_dmIsNSquared() {
    AnonymizationResult r = evaluate(1, 4, 1, 2, 3, 2, 2, 1);
    assertThat(r.quality().discernibility()).isEqualTo((double) (N * N)).isEqualTo(909_746_244d);
    assertThat(r.anonymous()).isTrue();
    assertThat(r.classCount()).isEqualTo(1);
  }

  @Test
  void evaluate_referenceTransformations_reproduceTheirMeasures() {
    assertThat(evaluate(0, 0, 1, 0, 3, 2, 0, 0).quality().discernibility()).isEqualTo(110_335_369d);
    assertThat(evaluate(1, 1, 0, 1, 0, 2, 0, 0).quality().discernibilityStar()).isEqualTo(4_426_432d);
    assertThat(evaluate(0, 3, 1, 0, 0, 1, 1, 0).quality().averageClassSize()).isEqualTo(53.38407079646018);
    assertThat(evaluate(1, 0, 0, 1, 2, 1, 2, 1).quality().precision())
        .isCloseTo(0.6099534734655084, within(0.6099534734655084 * 1e-12));
  }

  @Test
  void evaluate_identityWithoutSuppressionBudget_isNotAnonymousAndSuppressesNothing() {
    AnonymizationResult r = evaluate(0, 0, 0, 0, 0, 0, 0, 0);
    assertThat(r.anonymous()).isFalse();
    assertThat(r.suppressedCount()).isZero();
  }
}
