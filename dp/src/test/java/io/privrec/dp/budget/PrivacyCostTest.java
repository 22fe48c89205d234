package io.privrec.dp.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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

  // ---------------------------------------------------------------------------------------------
  // PrivacyCost.of: the inverse of kind(), mechanism() and parameters()

  static Stream<PrivacyCost> everyFactory() {
    return Stream.of(
        PrivacyCost.pureDp(0.1),
        PrivacyCost.pureDp(Double.MIN_VALUE),
        PrivacyCost.pureDp(0.5).withMechanism("laplace"),
        PrivacyCost.boundedRange(0.3, 1),
        PrivacyCost.boundedRange(Math.nextUp(0.01), 1000).withMechanism("gumbel top-k"),
        PrivacyCost.approximateDp(1, 1e-6),
        PrivacyCost.approximateDp(0.7, Math.nextDown(1.0)).withMechanism("threshold"),
        PrivacyCost.approximateDp(0.3, 0),
        PrivacyCost.zcdp(0.015),
        PrivacyCost.zcdp(1e-300).withMechanism("discrete gaussian"),
        PrivacyCost.gaussian(4.530877117),
        PrivacyCost.gaussian(1e-150),
        PrivacyCost.gaussian(6, 0.7),
        PrivacyCost.gaussian(0.1, 3).withMechanism("gaussian sum"),
        PrivacyCost.subsampledGaussian(0.01, 1.1, 1000),
        PrivacyCost.subsampledGaussian(1, 2, 8),
        PrivacyCost.subsampledGaussian(Double.MIN_VALUE, 1e6, Integer.MAX_VALUE)
            .withMechanism("dp-sgd"));
  }

  @ParameterizedTest
  @MethodSource("everyFactory")
  void of_kindMechanismAndParameters_rebuildAnEqualCost(PrivacyCost cost) {
    PrivacyCost rebuilt = PrivacyCost.of(cost.kind(), cost.mechanism(), cost.parameters());

    assertThat(rebuilt).isEqualTo(cost).hasSameHashCodeAs(cost);
    assertThat(rebuilt.mechanism()).isEqualTo(cost.mechanism());
    assertThat(rebuilt.parameters()).containsExactlyEntriesOf(cost.parameters());
    assertThat(rebuilt.zcdpRho()).isEqualTo(cost.zcdpRho());
    assertThat(rebuilt.renyiDivergence(3)).isEqualTo(cost.renyiDivergence(3));
  }

  @Provide
  Arbitrary<PrivacyCost> anyCost() {
    Arbitrary<Double> positive = doubles(Double.MIN_VALUE, 1e6);
    Arbitrary<Double> sigma = doubles(1e-3, 1e6);
    Arbitrary<Integer> count = Arbitraries.integers().between(1, Integer.MAX_VALUE);
    Arbitrary<Double> below1 = doubles(Double.MIN_VALUE, 1);
    Arbitrary<PrivacyCost> cost =
        Arbitraries.oneOf(
            positive.map(PrivacyCost::pureDp),
            Combinators.combine(doubles(Double.MIN_VALUE, 1e-3), count)
                .as(PrivacyCost::boundedRange),
            Combinators.combine(positive, doubles(Double.MIN_VALUE, Math.nextDown(1.0)))
                .as(PrivacyCost::approximateDp),
            positive.map(PrivacyCost::zcdp),
            sigma.map(PrivacyCost::gaussian),
            Combinators.combine(sigma, doubles(1e-3, 1e3)).as(PrivacyCost::gaussian),
            Combinators.combine(below1, sigma, count).as(PrivacyCost::subsampledGaussian));
    return Combinators.combine(cost, Arbitraries.strings().alpha().ofMinLength(0).ofMaxLength(8))
        .as((c, name) -> name.isEmpty() ? c : c.withMechanism(name));
  }

  /** Doubles in [lo, hi] (both > 0) with arbitrary bits: every binade and every mantissa. */
  static Arbitrary<Double> doubles(double lo, double hi) {
    return Arbitraries.longs()
        .between(Double.doubleToLongBits(lo), Double.doubleToLongBits(hi))
        .map(Double::longBitsToDouble);
  }

  @Property(tries = 500)
  void of_randomCosts_roundTripExactly(@ForAll("anyCost") PrivacyCost cost) {
    PrivacyCost rebuilt = PrivacyCost.of(cost.kind(), cost.mechanism(), cost.parameters());

    assertThat(rebuilt).isEqualTo(cost);
    assertThat(rebuilt.toString()).isEqualTo(cost.toString());
  }

  @Test
  void of_keepsTheMechanismNameGivenWhateverTheKind() {
    Map<String, Number> epsilon = Map.of("epsilon", 0.5);

    assertThat(PrivacyCost.of(PrivacyCost.Kind.PURE_DP, "pure-dp", epsilon))
        .isEqualTo(PrivacyCost.pureDp(0.5));
    assertThat(PrivacyCost.of(PrivacyCost.Kind.PURE_DP, "laplace", epsilon))
        .isEqualTo(PrivacyCost.pureDp(0.5).withMechanism("laplace"));
    assertThat(PrivacyCost.of(PrivacyCost.Kind.PURE_DP, "gaussian", epsilon).mechanism())
        .isEqualTo("gaussian");
  }

  @Test
  void of_exactValuesOfOtherNumberTypes_areAccepted() {
    Map<String, Number> integral = new LinkedHashMap<>();
    integral.put("samplingProbability", 1);
    integral.put("noiseMultiplier", 2L);
    integral.put("steps", 10.0);
    Map<String, Number> big = new LinkedHashMap<>();
    big.put("samplingProbability", new BigDecimal("0.01"));
    big.put("noiseMultiplier", BigInteger.TWO);
    big.put("steps", new BigDecimal("10.000"));

    assertThat(subsampled(integral))
        .isEqualTo(PrivacyCost.subsampledGaussian(1, 2, 10));
    assertThat(subsampled(big))
        .isEqualTo(PrivacyCost.subsampledGaussian(0.01, 2, 10));
    assertThat(
            PrivacyCost.of(
                PrivacyCost.Kind.BOUNDED_RANGE,
                "bounded-range",
                Map.of("epsilonPerSelection", 0.25f, "selections", (short) 3)))
        .isEqualTo(PrivacyCost.boundedRange(0.25, 3));
  }

  @Test
  void of_unknownMissingOrExtraParameters_throwNamingThem() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.of(PrivacyCost.Kind.PURE_DP, "pure-dp", Map.of("eps", 1.0)))
        .withMessageContaining("'eps' is not a parameter of a PURE_DP cost")
        .withMessageContaining("[epsilon]");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                PrivacyCost.of(
                    PrivacyCost.Kind.APPROXIMATE_DP, "approximate-dp", Map.of("epsilon", 1.0)))
        .withMessageContaining("'delta' is required for a APPROXIMATE_DP cost");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                PrivacyCost.of(
                    PrivacyCost.Kind.PURE_DP, "pure-dp", Map.of("epsilon", 1.0, "delta", 0.0)))
        .withMessageContaining("'delta' is not a parameter of a PURE_DP cost");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.of(PrivacyCost.Kind.ZCDP, "zcdp", Map.of()))
        .withMessageContaining("'rho' is required");
    Map<String, Number> nullValue = new HashMap<>();
    nullValue.put("rho", null);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.of(PrivacyCost.Kind.ZCDP, "zcdp", nullValue))
        .withMessageContaining("'rho' is required");
    Map<String, Number> nullName = new HashMap<>();
    nullName.put("rho", 0.1);
    nullName.put(null, 0.1);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.of(PrivacyCost.Kind.ZCDP, "zcdp", nullName))
        .withMessageContaining("'null' is not a parameter of a ZCDP cost");
  }

  @Test
  void of_invalidValues_throwNamingTheParameter() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> of(PrivacyCost.Kind.PURE_DP, "epsilon", Double.NaN))
        .withMessageContaining("epsilon must be finite and > 0. Provided value: NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> of(PrivacyCost.Kind.GAUSSIAN, "noiseMultiplier", -1.0))
        .withMessageContaining("noiseMultiplier must be finite and > 0");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                PrivacyCost.of(
                    PrivacyCost.Kind.APPROXIMATE_DP,
                    "approximate-dp",
                    Map.of("epsilon", 1.0, "delta", 0.0)))
        .withMessageContaining("delta must be in (0, 1) for an APPROXIMATE_DP cost");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> subsampled(Map.of("samplingProbability", 1.5, "noiseMultiplier", 1, "steps", 1)))
        .withMessageContaining("samplingProbability must be in (0, 1]. Provided value: 1.5");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> subsampled(Map.of("samplingProbability", 0.5, "noiseMultiplier", 1, "steps", 0)))
        .withMessageContaining("steps must be >= 1. Provided value: 0");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                subsampled(Map.of("samplingProbability", 0.5, "noiseMultiplier", 1, "steps", 2.5)))
        .withMessageContaining("steps must be an integer")
        .withMessageContaining("Provided value: 2.5");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                subsampled(
                    Map.of("samplingProbability", 0.5, "noiseMultiplier", 1, "steps", 1L << 32)))
        .withMessageContaining("steps must be an integer")
        .withMessageContaining("4294967296");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                PrivacyCost.of(
                    PrivacyCost.Kind.BOUNDED_RANGE,
                    "bounded-range",
                    Map.of("epsilonPerSelection", 0.1, "selections", Double.POSITIVE_INFINITY)))
        .withMessageContaining("selections must be an integer");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> of(PrivacyCost.Kind.ZCDP, "rho", (1L << 53) + 1))
        .withMessageContaining("rho must be exactly representable as a double")
        .withMessageContaining("9007199254740993");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> of(PrivacyCost.Kind.ZCDP, "rho", new AtomicInteger(1)))
        .withMessageContaining("rho has an unsupported number type")
        .withMessageContaining("AtomicInteger");
  }

  @Test
  void of_badKindOrMechanism_throw() {
    Map<String, Number> epsilon = Map.of("epsilon", 1.0);

    assertThatNullPointerException()
        .isThrownBy(() -> PrivacyCost.of(null, "pure-dp", epsilon))
        .withMessageContaining("kind");
    assertThatNullPointerException()
        .isThrownBy(() -> PrivacyCost.of(PrivacyCost.Kind.PURE_DP, null, epsilon))
        .withMessageContaining("mechanism");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PrivacyCost.of(PrivacyCost.Kind.PURE_DP, " ", epsilon))
        .withMessageContaining("mechanism must not be blank");
    assertThatNullPointerException()
        .isThrownBy(() -> PrivacyCost.of(PrivacyCost.Kind.PURE_DP, "pure-dp", null))
        .withMessageContaining("parameters");
  }

  @Test
  void equals_comparesEveryDefiningFieldBitForBit() {
    assertThat(PrivacyCost.pureDp(0.1)).isEqualTo(PrivacyCost.pureDp(0.1))
        .hasSameHashCodeAs(PrivacyCost.pureDp(0.1));
    assertThat(PrivacyCost.pureDp(0.1)).isNotEqualTo(PrivacyCost.pureDp(Math.nextUp(0.1)));
    assertThat(PrivacyCost.approximateDp(1, 1e-6))
        .isNotEqualTo(PrivacyCost.approximateDp(1, Math.nextUp(1e-6)));
    assertThat(PrivacyCost.boundedRange(0.1, 2)).isNotEqualTo(PrivacyCost.boundedRange(0.1, 3));
    assertThat(PrivacyCost.subsampledGaussian(0.1, 2, 5))
        .isNotEqualTo(PrivacyCost.subsampledGaussian(Math.nextDown(0.1), 2, 5))
        .isNotEqualTo(PrivacyCost.subsampledGaussian(0.1, 2, 6));
    // Same ρ = 1/8, different kinds.
    assertThat(PrivacyCost.gaussian(2))
        .isNotEqualTo(PrivacyCost.zcdp(0.125).withMechanism("gaussian"));
    assertThat(PrivacyCost.gaussian(2).zcdpRho()).isEqualTo(PrivacyCost.zcdp(0.125).zcdpRho());
    List<PrivacyCost> all = everyFactory().toList();
    for (int i = 0; i < all.size(); i++) {
      for (int j = 0; j < all.size(); j++) {
        assertThat(all.get(i).equals(all.get(j))).as("%s vs %s", i, j).isEqualTo(i == j);
      }
    }
  }

  private static PrivacyCost of(PrivacyCost.Kind kind, String name, Number value) {
    return PrivacyCost.of(kind, "mechanism", Map.of(name, value));
  }

  private static PrivacyCost subsampled(Map<String, Number> parameters) {
    return PrivacyCost.of(PrivacyCost.Kind.SUBSAMPLED_GAUSSIAN, "subsampled-gaussian", parameters);
  }
}
