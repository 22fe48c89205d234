package io.privrec.dp.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.within;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompositionTest {

  @Test
  void basic_hundredLaplaceReleasesAtTenthEpsilon_costTen() {
    List<PrivacyBudget> releases = Collections.nCopies(100, PrivacyBudget.pure(0.1));

    PrivacyBudget composed = Composition.basic(releases);

    assertThat(composed.epsilon()).isCloseTo(10.0, within(1e-12));
    assertThat(composed.delta()).isZero();
    assertThat(Composition.basic(100, PrivacyBudget.pure(0.1)).epsilon())
        .isCloseTo(10.0, within(1e-12));
  }

  @Test
  void advanced_hundredLaplaceReleasesAtTenthEpsilon_costAboutSixPointThreeOne() {
    PrivacyBudget composed = Composition.advanced(100, PrivacyBudget.pure(0.1), 1e-6);

    // 0.1·√(200·ln 1e6) + 100·0.1·(e^0.1 − 1) = 5.2565 + 1.0517
    assertThat(composed.epsilon()).isCloseTo(6.31, within(0.005));
    assertThat(composed.epsilon())
        .isCloseTo(
            0.1 * Math.sqrt(200 * Math.log(1e6)) + 10 * (Math.exp(0.1) - 1), within(1e-12));
    assertThat(composed.delta()).isEqualTo(1e-6);
  }

  @Test
  void advanced_approximateMechanisms_addKDeltaPlusDeltaPrime() {
    PrivacyBudget composed = Composition.advanced(10, PrivacyBudget.of(0.5, 1e-7), 1e-6);

    assertThat(composed.delta()).isCloseTo(10 * 1e-7 + 1e-6, within(1e-20));
  }

  @Test
  void basic_mixedBudgets_addsComponentwise() {
    PrivacyBudget composed =
        Composition.basic(List.of(PrivacyBudget.of(0.5, 1e-6), PrivacyBudget.pure(0.25)));

    assertThat(composed).isEqualTo(PrivacyBudget.of(0.75, 1e-6));
  }

  @Test
  void basic_tenTenths_sumsToOneExactly() {
    assertThat(Composition.basic(Collections.nCopies(10, PrivacyBudget.pure(0.1))).epsilon())
        .isEqualTo(1.0);
  }

  @Test
  void basic_emptyOrNull_throws() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Composition.basic(List.of()))
        .withMessageContaining("budgets");
    assertThatNullPointerException()
        .isThrownBy(() -> Composition.basic(null))
        .withMessageContaining("budgets");
  }

  @Test
  void basic_overflow_throwsNamingEpsilon() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Composition.basic(Integer.MAX_VALUE, PrivacyBudget.pure(Double.MAX_VALUE)))
        .withMessageContaining("epsilon");
  }

  @Test
  void basic_deltaReachingOne_throwsNamingDelta() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Composition.basic(3, PrivacyBudget.of(1, 0.4)))
        .withMessageContaining("delta");
  }

  @Test
  void advanced_largeEpsilonOverflow_throws() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Composition.advanced(10, PrivacyBudget.pure(1000), 1e-6))
        .withMessageContaining("epsilon");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0, -1e-6, 1, Double.POSITIVE_INFINITY})
  void advanced_badDeltaPrime_throwsNamingIt(double deltaPrime) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Composition.advanced(2, PrivacyBudget.pure(1), deltaPrime))
        .withMessageContaining("deltaPrime");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void advanced_badK_throwsNamingK(int k) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Composition.advanced(k, PrivacyBudget.pure(1), 1e-6))
        .withMessageContaining("k must be >= 1");
  }

  @Test
  void zcdp_addsRhos() {
    assertThat(Composition.zcdp(0.1, 0.2, 0.3)).isCloseTo(0.6, within(1e-15));
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0, -1, Double.POSITIVE_INFINITY})
  void zcdp_badRho_throwsNamingElement(double rho) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Composition.zcdp(0.1, rho))
        .withMessageContaining("rhos[1]");
  }

  @Test
  void zcdp_overflow_throws() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Composition.zcdp(Double.MAX_VALUE, Double.MAX_VALUE))
        .withMessageContaining("rhos");
  }
}
