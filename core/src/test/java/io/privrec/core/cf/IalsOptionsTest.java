package io.privrec.core.cf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.privrec.core.cf.dp.DpIals;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IalsOptionsTest {
  private static final IalsOptions SMALL = new IalsOptions(8, 3, 2.5, 0.1, 0.5, 2, 7L, 1);

  @Test
  void defaults_areIalsDefaults() {
    IalsOptions d = IalsOptions.defaults();
    assertThat(d.factors()).isEqualTo(Ials.DEFAULT_FACTORS);
    assertThat(d.iterations()).isEqualTo(Ials.DEFAULT_ITERATIONS);
    assertThat(d.alpha()).isEqualTo(Ials.DEFAULT_ALPHA);
    assertThat(d.lambda()).isEqualTo(Ials.DEFAULT_LAMBDA);
    assertThat(d.regularizationExponent()).isEqualTo(Ials.DEFAULT_REG_EXPONENT);
    assertThat(d.cgSteps()).isEqualTo(Ials.DEFAULT_CG_STEPS);
    assertThat(d.seed()).isEqualTo(Ials.DEFAULT_SEED);
    assertThat(d.threads()).isEqualTo(Math.min(Runtime.getRuntime().availableProcessors(), IalsOptions.MAX_THREADS));
    assertThat(Ials.builder().build().options()).isEqualTo(d);
  }

  @Test
  void eachRule_rejectedWithParameterRuleAndValue() {
    assertThatIllegalArgumentException().isThrownBy(() -> SMALL.withFactors(0))
        .withMessage("factors must be in [1, 1024]. Provided value: 0");
    assertThatIllegalArgumentException().isThrownBy(() -> SMALL.withFactors(1025))
        .withMessage("factors must be in [1, 1024]. Provided value: 1025");
    assertThatIllegalArgumentException().isThrownBy(() -> SMALL.withIterations(1001))
        .withMessage("iterations must be in [1, 1000]. Provided value: 1001");
    assertThatIllegalArgumentException().isThrownBy(() -> SMALL.withAlpha(-1))
        .withMessage("alpha must be finite and in [0, 1e6]. Provided value: -1.0");
    assertThatIllegalArgumentException().isThrownBy(() -> SMALL.withAlpha(Double.NaN))
        .withMessage("alpha must be finite and in [0, 1e6]. Provided value: NaN");
    assertThatIllegalArgumentException().isThrownBy(() -> SMALL.withLambda(0))
        .withMessage("lambda must be finite and in (0, 1e6]. Provided value: 0.0");
    assertThatIllegalArgumentException().isThrownBy(() -> SMALL.withLambda(Double.POSITIVE_INFINITY))
        .withMessage("lambda must be finite and in (0, 1e6]. Provided value: Infinity");
    assertThatIllegalArgumentException().isThrownBy(() -> SMALL.withRegularizationExponent(2.5))
        .withMessage("reg-exponent must be finite and in [0, 2]. Provided value: 2.5");
    assertThatIllegalArgumentException().isThrownBy(() -> SMALL.withCgSteps(101))
        .withMessage("cg-steps must be in [1, 100]. Provided value: 101");
    assertThatIllegalArgumentException().isThrownBy(() -> SMALL.withThreads(0))
        .withMessage("threads must be in [1, 1024]. Provided value: 0");
    assertThat(SMALL.withSeed(Long.MIN_VALUE).seed()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void withers_copyOneComponent_andRecordsCompareByValue() {
    IalsOptions o = IalsOptions.defaults().withFactors(8).withIterations(3).withAlpha(2.5).withLambda(0.1)
        .withRegularizationExponent(0.5).withCgSteps(2).withSeed(7).withThreads(1);
    assertThat(o).isEqualTo(SMALL).hasSameHashCodeAs(SMALL);
    assertThat(o.withSeed(8)).isNotEqualTo(SMALL);
    assertThat(o.withAlpha(2.6)).isNotEqualTo(SMALL);
  }

  @Test
  void modelAndPrivateTwin_readTheSameRecord() {
    Ials ials = Ials.builder().options(SMALL).build();
    DpIals dp = DpIals.builder().options(SMALL).build();
    assertThat(ials.options()).isEqualTo(SMALL).isEqualTo(dp.options());
    Map<String, String> shared = Map.of("factors", "8", "iterations", "3", "alpha", "2.5", "lambda", "0.1",
        "reg-exponent", "0.5", "cg-steps", "2", "seed", "7", "threads", "1");
    assertThat(ials.parameters()).containsAllEntriesOf(shared);
    assertThat(dp.parameters()).containsAllEntriesOf(shared);
    // The twin's own limits on what the record allows, with the same message from a setter or a record.
    assertThatIllegalArgumentException().isThrownBy(() -> DpIals.builder().options(SMALL.withFactors(300)))
        .withMessage("factors must be in [1, 256] for dp-ials. Provided value: 300");
    assertThatIllegalArgumentException().isThrownBy(() -> DpIals.builder().factors(2000))
        .withMessage("factors must be in [1, 256] for dp-ials. Provided value: 2000");
    assertThatIllegalArgumentException().isThrownBy(() -> DpIals.builder().iterations(51))
        .withMessage("iterations must be in [1, 50] for dp-ials. Provided value: 51");
    // The twin keeps its own defaults.
    IalsOptions dpDefaults = DpIals.builder().build().options();
    assertThat(dpDefaults.factors()).isEqualTo(DpIals.DEFAULT_FACTORS);
    assertThat(dpDefaults.iterations()).isEqualTo(DpIals.DEFAULT_ITERATIONS);
    assertThat(dpDefaults.alpha()).isEqualTo(DpIals.DEFAULT_ALPHA);
    assertThat(dpDefaults.lambda()).isEqualTo(DpIals.DEFAULT_LAMBDA);
    assertThat(dpDefaults.regularizationExponent()).isEqualTo(DpIals.DEFAULT_REG_EXPONENT);
  }
}
