package io.privrec.dp.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PrivacyBudgetTest {

  @ParameterizedTest
  @ValueSource(
      doubles = {Double.NaN, 0, -0.0, -1, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY})
  void of_badEpsilon_throwsNamingEpsilonAndValue(double epsilon) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyBudget.of(epsilon, 0))
        .withMessage("epsilon must be finite and > 0. Provided value: " + epsilon);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, -1e-300, 1, 1.5, Double.POSITIVE_INFINITY})
  void of_badDelta_throwsNamingDeltaAndValue(double delta) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyBudget.of(1, delta))
        .withMessage("delta must be in [0, 1). Provided value: " + delta);
  }

  @Test
  void pure_hasZeroDelta() {
    assertThat(PrivacyBudget.pure(2).isPure()).isTrue();
    assertThat(PrivacyBudget.of(2, 1e-9).isPure()).isFalse();
  }

  @Test
  void split_byWeights_partsComposeToAtMostWhole() {
    PrivacyBudget whole = PrivacyBudget.of(1, 1e-6);

    PrivacyBudget[] parts = whole.split(1, 2, 7);

    assertThat(parts[0].epsilon()).isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-15));
    assertThat(parts[2].delta()).isCloseTo(7e-7, org.assertj.core.api.Assertions.within(1e-20));
    PrivacyBudget sum = Composition.basic(Arrays.asList(parts));
    assertThat(sum.epsilon()).isLessThanOrEqualTo(1);
    assertThat(sum.delta()).isLessThanOrEqualTo(1e-6);
  }

  @Test
  void split_pureBudget_staysPure() {
    assertThat(PrivacyBudget.pure(1).split(1, 1)).allMatch(PrivacyBudget::isPure);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0, -1, Double.POSITIVE_INFINITY})
  void split_badWeight_throwsNamingIndex(double weight) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyBudget.pure(1).split(1, weight))
        .withMessageContaining("weights[1]");
  }

  @Test
  void split_noWeights_throws() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyBudget.pure(1).split())
        .withMessageContaining("weights");
  }

  @Test
  void split_underflowingShare_throws() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyBudget.pure(Double.MIN_NORMAL).split(1, 1e300))
        .withMessageContaining("weights[0]");
  }
}
