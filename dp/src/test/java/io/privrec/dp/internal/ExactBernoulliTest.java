package io.privrec.dp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.privrec.dp.random.RandomSource;
import io.privrec.dp.testing.TestRandoms;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExactBernoulliTest {

  /**
   * Two-sided normal-approximation bound for a binomial count: |k − Np| ≤ 5.73·√(Np(1−p)) fails
   * with probability ≈ 1e-8 per check (Np ≥ 1000 here, so the approximation is accurate); about
   * 15 checks run, so a correct sampler fails this class with probability below 1e-6.
   */
  private static final double Z = 5.73;

  private static void assertFrequency(long successes, long trials, double p) {
    double sd = Math.sqrt(trials * p * (1 - p));
    assertThat((double) successes).isBetween(trials * p - Z * sd, trials * p + Z * sd);
  }

  private static long count(int trials, java.util.function.BooleanSupplier trial) {
    long k = 0;
    for (int i = 0; i < trials; i++) {
      k += trial.getAsBoolean() ? 1 : 0;
    }
    return k;
  }

  @Tag("statistical")
  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.3, 0.999, 1e-3, 0x1.fffffffffffffp-2})
  void bernoulli_frequencyMatchesP(double p) {
    RandomSource random = TestRandoms.seeded("bernoulli" + p);
    int trials = 2_000_000;

    assertFrequency(count(trials, () -> ExactBernoulli.bernoulli(p, random)), trials, p);
  }

  @Tag("statistical")
  @ParameterizedTest
  @ValueSource(doubles = {0, 0.25, 1, 1.5, 3.75})
  void bernoulliExp_frequencyMatchesExpMinusGamma(double gamma) {
    RandomSource random = TestRandoms.seeded("bernoulliExp" + gamma);
    int trials = 1_000_000;

    assertFrequency(
        count(trials, () -> ExactBernoulli.bernoulliExp(gamma, random)), trials, Math.exp(-gamma));
  }

  @Tag("statistical")
  @Test
  void harness_bernoulliExpWithFivePercentWrongRate_isRejected() {
    RandomSource random = TestRandoms.seeded("bernoulliExpWrong");
    int trials = 1_000_000;
    long k = count(trials, () -> ExactBernoulli.bernoulliExp(0.95, random));
    double p = Math.exp(-1.0);
    double sd = Math.sqrt(trials * p * (1 - p));

    assertThat(Math.abs(k - trials * p)).isGreaterThan(Z * sd);
  }

  @Test
  void bernoulli_extremes_areDeterministic() {
    RandomSource random = TestRandoms.seeded("extremes");
    for (int i = 0; i < 1000; i++) {
      assertThat(ExactBernoulli.bernoulli(0, random)).isFalse();
      assertThat(ExactBernoulli.bernoulli(1, random)).isTrue();
      assertThat(ExactBernoulli.bernoulli(Double.MIN_VALUE, random)).isFalse();
      assertThat(ExactBernoulli.bernoulliExp(0, random)).isTrue();
      assertThat(ExactBernoulli.bernoulliExp(Double.POSITIVE_INFINITY, random)).isFalse();
      assertThat(ExactBernoulli.bernoulliExp(800, random)).isFalse();
    }
  }

  @Test
  void badArguments_throw() {
    RandomSource random = TestRandoms.seeded("bad");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ExactBernoulli.bernoulli(Double.NaN, random))
        .withMessageContaining("p must not be NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ExactBernoulli.bernoulliExp(-1, random))
        .withMessageContaining("gamma");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ExactBernoulli.bernoulliExp(Double.NaN, random))
        .withMessageContaining("gamma");
  }
}
