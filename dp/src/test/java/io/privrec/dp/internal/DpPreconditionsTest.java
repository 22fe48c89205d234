package io.privrec.dp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.privrec.dp.noise.MechanismType;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DpPreconditionsTest {

  @Test
  void checkEpsilon_nan_messageNamesRuleAndValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkEpsilon(Double.NaN))
        .withMessage("epsilon must be finite and > 0. Provided value: NaN");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -0.0, -1, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY})
  void checkEpsilon_nonPositiveOrInfinite_throws(double epsilon) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkEpsilon(epsilon))
        .withMessageContaining("epsilon");
  }

  @Test
  void checkEpsilon_valid_returnsValue() {
    assertThat(DpPreconditions.checkEpsilon(Double.MIN_VALUE)).isEqualTo(Double.MIN_VALUE);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, -1e-300, 1, 2, Double.POSITIVE_INFINITY})
  void checkDelta_outsideHalfOpenUnitInterval_throws(double delta) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkDelta(delta))
        .withMessage("delta must be in [0, 1). Provided value: " + delta);
  }

  @Test
  void checkDelta_zero_accepted_checkPositiveDelta_zero_rejected() {
    assertThat(DpPreconditions.checkDelta(0)).isZero();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkPositiveDelta("deltaPrime", 0))
        .withMessage("deltaPrime must be in (0, 1). Provided value: 0.0");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0, -2, Double.POSITIVE_INFINITY})
  void checkSensitivity_bad_throwsWithName(double value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkSensitivity("l2Sensitivity", value))
        .withMessageStartingWith("l2Sensitivity must be finite and > 0");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, -1e-9, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY})
  void checkNonNegative_bad_throws(double value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkNonNegative("x", value))
        .withMessageStartingWith("x must be finite and >= 0");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0, -0.5, 1.0000001, Double.POSITIVE_INFINITY})
  void checkProbability_bad_throws(double p) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkProbability("q", p))
        .withMessageStartingWith("q must be in (0, 1]");
  }

  @Test
  void checkBounds_reversedOrNan_throws() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkBounds("lower", 1, "upper", 1))
        .withMessageContaining("lower must be < upper");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkBounds("lower", Double.NaN, "upper", 1))
        .withMessageContaining("lower must be finite");
  }

  @Test
  void integerChecks_rejectOutOfRange() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkPositive("k", 0))
        .withMessage("k must be >= 1. Provided value: 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkNonNegative("n", -1L))
        .withMessage("n must be >= 0. Provided value: -1");
    assertThat(DpPreconditions.checkPositive("k", Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void checkNoOverflow_infinite_blamesParameter() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkNoOverflow(Double.POSITIVE_INFINITY, "sigma", 1e-300))
        .withMessageContaining("sigma is out of range")
        .withMessageContaining("1.0E-300");
  }

  @Test
  void checkNotNullAndLabel_nameTheParameter() {
    assertThatNullPointerException()
        .isThrownBy(() -> DpPreconditions.checkNotNull(null, "random"))
        .withMessage("random must not be null");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkLabel("label", "\t"))
        .withMessageContaining("label must not be blank");
  }

  @Test
  void checkNoiseEpsilon_acceptsTheMinimum_rejectsBelowIt() {
    assertThat(DpPreconditions.checkNoiseEpsilon(0x1p-50)).isEqualTo(0x1p-50);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkNoiseEpsilon(0x1p-51))
        .withMessage("epsilon must be finite and >= 2^-50. Provided value: " + 0x1p-51);
  }

  @Test
  void checkDeltaForNoise_pureNeedsZero_gaussianNeedsOpenUnitInterval() {
    assertThat(DpPreconditions.checkDelta(0, MechanismType.LAPLACE)).isZero();
    assertThat(DpPreconditions.checkDelta(1e-9, MechanismType.GAUSSIAN)).isEqualTo(1e-9);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkDelta(1e-9, MechanismType.DISCRETE_LAPLACE))
        .withMessage("delta must be 0 for DISCRETE_LAPLACE noise. Provided value: 1.0E-9");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkDelta(0, MechanismType.DISCRETE_GAUSSIAN))
        .withMessage("delta must be in (0, 1) for DISCRETE_GAUSSIAN noise. Provided value: 0.0");
  }

  @Test
  void intervals_acceptTheirClosedEnds_rejectTheOpenOnes_withIntervalNotation() {
    assertThat(DpPreconditions.checkInRange("t", 1, 0, 1)).isEqualTo(1);
    assertThat(DpPreconditions.checkInRangeExcludingUpper("s", 0, 0, 1)).isZero();
    assertThat(DpPreconditions.checkInRangeExcludingLower("p", 1, 0, 1)).isEqualTo(1);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkInRange("t", Double.NaN, 0, 1))
        .withMessage("t must be in [0, 1]. Provided value: NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkInOpenRange("alpha", 1, 0, 1))
        .withMessage("alpha must be in (0, 1). Provided value: 1.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkInRangeExcludingUpper("s", 1, 0, 1))
        .withMessage("s must be in [0, 1). Provided value: 1.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkInRangeExcludingLower("p", 0, 0, 1))
        .withMessage("p must be in (0, 1]. Provided value: 0.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkInRange("x", 2, 0.5, 1.5))
        .withMessage("x must be in [0.5, 1.5]. Provided value: 2.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkInRange("level", 4, 0, 3))
        .withMessage("level must be in [0, 3]. Provided value: 4");
  }

  @Test
  void checkAtLeast_acceptsTheMinimum() {
    assertThat(DpPreconditions.checkAtLeast("size", 2, 2)).isEqualTo(2);
    assertThat(DpPreconditions.checkAtLeast("l", 1.0, 1)).isEqualTo(1.0);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkAtLeast("size", 1, 2))
        .withMessage("size must be >= 2. Provided value: 1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkAtLeast("l", Double.POSITIVE_INFINITY, 1))
        .withMessage("l must be finite and >= 1. Provided value: Infinity");
  }

  @Test
  void checkRenyiOrder_rejectsOne() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkRenyiOrder(1))
        .withMessage("order must be finite and > 1. Provided value: 1.0");
  }

  @Test
  void checkFiniteElements_namesTheElement() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkFiniteElements("x", new double[] {1, Double.NaN}))
        .withMessage("x[1] must be finite. Provided value: NaN");
  }

  @Test
  void checkNonEmptyNoNulls_namesThePositionNotTheValues() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkNonEmptyNoNulls("values", List.of()))
        .withMessage("values must not be empty");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkNonEmptyNoNulls("values", Arrays.asList("secret", null)))
        .withMessage("values must not contain null, but the element at position 1 (in iteration order) is null");
  }

  @Test
  void checkNotReleased_throwsIllegalState() {
    DpPreconditions.checkNotReleased(false);
    assertThatIllegalStateException().isThrownBy(() -> DpPreconditions.checkNotReleased(true))
        .withMessageContaining("released only once");
  }

  @Test
  void describeRows_namesAtMostMaxRows() {
    boolean[] flagged = {false, true};
    assertThat(DpPreconditions.describeRows(new int[] {0, 1, 0}, flagged, 10)).isEqualTo("row 1");
    assertThat(DpPreconditions.describeRows(new int[] {1, 1, 1}, flagged, 2)).isEqualTo("rows 0, 1 (and more)");
  }

  @Test
  void fail_formatsNameRuleAndValue() {
    assertThat(DpPreconditions.fail("n", "must be even", 3)).hasMessage("n must be even. Provided value: 3");
  }
}
