package io.privrec.dp.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrivacyCostTest {

  @Test
  void pureDp_renyiCurve_isMinOfEpsilonAndZcdpBound() {
    PrivacyCost cost = PrivacyCost.pureDp(0.5);

    assertThat(cost.renyiDivergence(2)).isEqualTo(0.25);
    assertThat(cost.renyiDivergence(100)).isEqualTo(0.5);
    assertThat(cost.zcdpRho()).hasValue(0.125);
  }

  @Test
  void boundedRange_curveAndRhoScaleWithSelections() {
    PrivacyCost cost = PrivacyCost.boundedRange(0.4, 3);

    assertThat(cost.kind()).isEqualTo(PrivacyCost.Kind.BOUNDED_RANGE);
    assertThat(cost.renyiDivergence(2)).isCloseTo(3 * 2 * 0.16 / 8, within(1e-15));
    assertThat(cost.renyiDivergence(1000)).isCloseTo(1.2, within(1e-15));
    assertThat(cost.zcdpRho().orElseThrow()).isCloseTo(3 * 0.16 / 8, within(1e-15));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.boundedRange(0.4, 0))
        .withMessageContaining("selections");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.boundedRange(Double.NaN, 1))
        .withMessageContaining("epsilonPerSelection");
  }

  @Test
  void approximateDp_zeroDelta_isPure() {
    assertThat(PrivacyCost.approximateDp(1, 0)).isEqualTo(PrivacyCost.pureDp(1));
  }

  @Test
  void approximateDp_hasNoRenyiCurve() {
    PrivacyCost cost = PrivacyCost.approximateDp(1, 1e-6);

    assertThat(cost.hasRenyiCurve()).isFalse();
    assertThat(cost.renyiDivergence(2)).isInfinite();
    assertThat(cost.zcdpRho()).isEmpty();
  }

  @Test
  void gaussian_sensitivityForm_equalsMultiplierForm() {
    assertThat(PrivacyCost.gaussian(6, 2)).isEqualTo(PrivacyCost.gaussian(3));
    assertThat(PrivacyCost.gaussian(3).zcdpRho()).hasValue(1.0 / 18);
  }

  @Test
  void subsampledGaussian_curveIsStepsTimesOneStep() {
    PrivacyCost cost = PrivacyCost.subsampledGaussian(0.01, 2.5, 50);

    assertThat(cost.renyiDivergence(5))
        .isCloseTo(50 * RenyiDp.subsampledGaussian(0.01, 2.5, 5), within(1e-18));
    assertThat(cost.zcdpRho()).isEmpty();
    assertThat(PrivacyCost.subsampledGaussian(1, 2, 8).zcdpRho()).hasValue(1.0);
  }

  @Test
  void parameters_describeTheCost() {
    assertThat(PrivacyCost.subsampledGaussian(0.01, 2.5, 50).parameters())
        .containsExactly(
            org.assertj.core.api.Assertions.entry("samplingProbability", 0.01),
            org.assertj.core.api.Assertions.entry("noiseMultiplier", 2.5),
            org.assertj.core.api.Assertions.entry("steps", 50));
    assertThat(PrivacyCost.approximateDp(1, 1e-6).parameters()).containsKeys("epsilon", "delta");
  }

  @Test
  void withMechanism_changesNameOnly() {
    PrivacyCost laplace = PrivacyCost.pureDp(1).withMechanism("laplace");

    assertThat(laplace.mechanism()).isEqualTo("laplace");
    assertThat(laplace.kind()).isEqualTo(PrivacyCost.Kind.PURE_DP);
    assertThat(laplace).isNotEqualTo(PrivacyCost.pureDp(1));
    assertThat(laplace.parameters()).isEqualTo(PrivacyCost.pureDp(1).parameters());
  }

  @Test
  void withMechanism_blank_throws() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.pureDp(1).withMechanism(" "))
        .withMessageContaining("mechanism");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0, -1, Double.POSITIVE_INFINITY})
  void factories_badValues_throwNamingParameter(double bad) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.pureDp(bad))
        .withMessageContaining("epsilon");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.zcdp(bad))
        .withMessageContaining("rho");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.gaussian(bad))
        .withMessageContaining("noiseMultiplier");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.gaussian(bad, 1))
        .withMessageContaining("standardDeviation");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.gaussian(1, bad))
        .withMessageContaining("l2Sensitivity");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.subsampledGaussian(0.1, bad, 1))
        .withMessageContaining("noiseMultiplier");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, -1e-9, 1, Double.POSITIVE_INFINITY})
  void approximateDp_badDelta_throws(double delta) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.approximateDp(1, delta))
        .withMessageContaining("delta");
  }

  @Test
  void subsampledGaussian_badStepsOrProbability_throw() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.subsampledGaussian(0.1, 1, 0))
        .withMessageContaining("steps");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.subsampledGaussian(0, 1, 1))
        .withMessageContaining("samplingProbability");
  }

  @Test
  void gaussian_overflowingRatios_throw() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.gaussian(1e-300))
        .withMessageContaining("noiseMultiplier");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.gaussian(Double.MAX_VALUE, 1e-10))
        .withMessageContaining("standardDeviation / l2Sensitivity");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.subsampledGaussian(0.5, 1e-160, Integer.MAX_VALUE))
        .withMessageContaining("noiseMultiplier");
  }

  @Test
  void renyiDivergence_badOrder_throws() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.gaussian(1).renyiDivergence(1))
        .withMessageContaining("order");
  }
}
