package io.privrec.core.cf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.privrec.core.cf.dp.DpEase;
import org.junit.jupiter.api.Test;

class EaseOptionsTest {

  @Test
  void defaults_areEaseDefaults() {
    EaseOptions d = EaseOptions.defaults();
    assertThat(d.lambda()).isEqualTo(Ease.DEFAULT_LAMBDA);
    assertThat(d.maxItems()).isEqualTo(Ease.DEFAULT_MAX_ITEMS);
    assertThat(Ease.create().options()).isEqualTo(d);
  }

  @Test
  void eachRule_rejectedWithParameterRuleAndValue() {
    assertThatIllegalArgumentException().isThrownBy(() -> new EaseOptions(-1, 10))
        .withMessage("lambda must be finite and in [0, 1e12]. Provided value: -1.0");
    assertThatIllegalArgumentException().isThrownBy(() -> new EaseOptions(Double.NaN, 10))
        .withMessage("lambda must be finite and in [0, 1e12]. Provided value: NaN");
    assertThatIllegalArgumentException().isThrownBy(() -> EaseOptions.defaults().withLambda(Double.POSITIVE_INFINITY))
        .withMessage("lambda must be finite and in [0, 1e12]. Provided value: Infinity");
    assertThatIllegalArgumentException().isThrownBy(() -> EaseOptions.defaults().withLambda(2e12))
        .withMessage("lambda must be finite and in [0, 1e12]. Provided value: 2.0E12");
    assertThatIllegalArgumentException().isThrownBy(() -> new EaseOptions(1, 0))
        .withMessage("max-items must be in [1, 46340]. Provided value: 0");
    assertThatIllegalArgumentException().isThrownBy(() -> EaseOptions.defaults().withMaxItems(46_341))
        .withMessage("max-items must be in [1, 46340]. Provided value: 46341");
    assertThat(new EaseOptions(0, Ease.LIMIT_ITEMS).lambda()).isZero();
  }

  @Test
  void withers_copyOneComponent_andRecordsCompareByValue() {
    EaseOptions o = EaseOptions.defaults().withLambda(25).withMaxItems(300);
    assertThat(o).isEqualTo(new EaseOptions(25, 300)).hasSameHashCodeAs(new EaseOptions(25, 300));
    assertThat(o).isNotEqualTo(new EaseOptions(25, 301)).isNotEqualTo(new EaseOptions(26, 300));
  }

  @Test
  void modelAndPrivateTwin_readTheSameRecord_eachWithItsOwnRidgeRule() {
    EaseOptions o = new EaseOptions(25, 300);
    Ease ease = Ease.of(o, false);
    DpEase dp = DpEase.builder().options(o).build();
    assertThat(ease.options()).isEqualTo(o).isEqualTo(dp.options());
    assertThat(ease.parameters()).containsEntry("lambda", "25.0").containsEntry("max-items", "300");
    assertThat(dp.parameters()).containsEntry("lambda", "25.0").containsEntry("max-items", "300");
    assertThat(Ease.of(25, 300, false).parameters()).isEqualTo(ease.parameters());
    // EASE needs λ > 0; the private twin adds a noise term to λ, so only the sum must be positive.
    EaseOptions noRidge = o.withLambda(0);
    assertThatIllegalArgumentException().isThrownBy(() -> Ease.of(noRidge, true))
        .withMessage("lambda must be finite and in (0, 1e12]. Provided value: 0.0");
    assertThat(DpEase.builder().options(noRidge).build().options()).isEqualTo(noRidge);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpEase.builder().options(noRidge).lambdaNoiseFactor(0).build())
        .withMessageContaining("ridge");
    // The twin keeps its own default λ.
    assertThat(DpEase.builder().build().options()).isEqualTo(new EaseOptions(DpEase.DEFAULT_LAMBDA,
        Ease.DEFAULT_MAX_ITEMS));
  }
}
