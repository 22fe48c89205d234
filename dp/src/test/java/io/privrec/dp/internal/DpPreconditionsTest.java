package io.privrec.dp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

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
        .withMessage("delta must be >= 0 and < 1. Provided value: " + delta);
  }

  @Test
  void checkDelta_zero_accepted_checkPositiveDelta_zero_rejected() {
    assertThat(DpPreconditions.checkDelta(0)).isZero();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpPreconditions.checkPositiveDelta("deltaPrime", 0))
        .withMessage("deltaPrime must be > 0 and < 1. Provided value: 0.0");
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
        .withMessageStartingWith("q must be > 0 and <= 1");
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
        .withMessage("k must be > 0. Provided value: 0");
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
}
