package io.privrec.dp.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrivacyBudgetExceededExceptionTest {

  private static PrivacyBudgetExceededException refusal(Runnable r) {
    try {
      r.run();
    } catch (PrivacyBudgetExceededException e) {
      return e;
    }
    return fail("not refused");
  }

  @Test
  void message_budgetSpent_saysWhatIsNeededAndWhatIsLeft() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(1, 1e-6));
    accountant.allocate("first model", PrivacyCost.approximateDp(1, 1e-6));

    PrivacyBudgetExceededException e =
        refusal(() -> accountant.allocate("second model", PrivacyCost.approximateDp(1, 1e-6)));

    assertThat(e.getMessage())
        .isEqualTo("Privacy budget exceeded: 'second model' needs ε = 1, δ = 1e-6, but only ε = 0,"
            + " δ = 0 of the total ε = 1, δ = 1e-6 is left (1 earlier release spent ε = 1,"
            + " δ = 1e-6). Nothing was recorded.")
        .doesNotContain("SpentBudget[", "PrivacyCost[", "epsilon=", "Infinity", "NONE");
    assertThat(e.requestedEpsilon()).isEqualTo(1);
    assertThat(e.requestedDelta()).isEqualTo(1e-6);
    assertThat(e.total()).isEqualTo(PrivacyBudget.of(1, 1e-6));
    assertThat(e.spent().epsilon()).isEqualTo(1);
    assertThat(e.remainingEpsilon()).isZero();
    assertThat(e.remainingDelta()).isZero();
  }

  @Test
  void message_firstRequestTooLarge_namesTheTotal() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.pure(0.5));

    PrivacyBudgetExceededException e =
        refusal(() -> accountant.allocate("counts", PrivacyCost.pureDp(2)));

    assertThat(e.getMessage())
        .isEqualTo("Privacy budget exceeded: 'counts' needs ε = 2, δ = 0, but the total budget is"
            + " only ε = 0.5 (pure, δ = 0). Nothing was recorded.");
  }

  @Test
  void message_gaussianBatch_givesWordsAndTheEpsilonDeltaEquivalent() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(1, 1e-6));
    accountant.allocate("model", PrivacyCost.approximateDp(0.9, 1e-7));

    PrivacyBudgetExceededException e =
        refusal(() -> accountant.allocateAll(List.of(
            BudgetRequest.of("pair counts", PrivacyCost.gaussian(4.530877117)),
            BudgetRequest.of("item counts", PrivacyCost.zcdp(0.01)))));

    assertThat(e.getMessage())
        .startsWith("Privacy budget exceeded: 2 releases ('pair counts', 'item counts') need"
            + " together ε = ")
        .contains("(the (ε, δ) equivalent at δ = 1e-6 of Gaussian noise with noise multiplier"
            + " 4.53 and ρ = 0.01 zCDP)")
        .contains("but only ε = 0.1, δ = 9e-7 of the total ε = 1, δ = 1e-6 is left")
        .contains("(1 earlier release spent ε = 0.9, δ = 1e-7)")
        .endsWith(". Nothing was recorded.");
    assertThat(e.requestedEpsilon()).isGreaterThan(1).isFinite();
  }

  @Test
  void message_severalGaussians_groupsTheirMultipliers() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(0.5, 1e-6));

    PrivacyBudgetExceededException e =
        refusal(() -> accountant.allocateAll(List.of(
            BudgetRequest.of("a", PrivacyCost.gaussian(3)),
            BudgetRequest.of("b", PrivacyCost.gaussian(4)),
            BudgetRequest.of("c", PrivacyCost.pureDp(0.1)),
            BudgetRequest.of("d", PrivacyCost.gaussian(5)))));

    assertThat(e.getMessage())
        .startsWith("Privacy budget exceeded: 4 releases ('a', 'b', 'c', …) need together ε = ")
        .contains("of Gaussian noise with noise multipliers 3, 4 and 5 and pure ε = 0.1)")
        .contains("but the total budget is only ε = 0.5, δ = 1e-6. Nothing was recorded.");
  }

  @Test
  void message_gaussianOnPureBudget_saysItNeedsDelta() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.pure(100));

    PrivacyBudgetExceededException e =
        refusal(() -> accountant.allocate("sum", PrivacyCost.gaussian(100)));

    assertThat(e.getMessage())
        .isEqualTo("Privacy budget exceeded: 'sum' needs a budget with δ > 0 (Gaussian noise with"
            + " noise multiplier 100 has no pure-ε guarantee), but the total budget is ε = 100"
            + " (pure, δ = 0). Nothing was recorded.");
    assertThat(e.requestedEpsilon()).isInfinite();
  }

  @Test
  void message_neededJustAboveLeft_printsEnoughDigitsToShowIt() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.pure(1));
    accountant.allocate("a", PrivacyCost.pureDp(0.50001));

    PrivacyBudgetExceededException e =
        refusal(() -> accountant.allocate("b", PrivacyCost.pureDp(0.5)));

    assertThat(e.getMessage()).contains("'b' needs ε = 0.5, δ = 0, but only ε = 0.49999, δ = 0");
  }

  @Test
  void message_subsampledAndBoundedRange_inWords() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(0.1, 1e-6));

    PrivacyBudgetExceededException e =
        refusal(() -> accountant.allocateAll(List.of(
            BudgetRequest.of("sgd", PrivacyCost.subsampledGaussian(0.01, 1.1, 1000)),
            BudgetRequest.of("top-k", PrivacyCost.boundedRange(0.5, 3)))));

    assertThat(e.getMessage())
        .contains("the (ε, δ) equivalent at δ = 1e-6 of 1000 subsampled Gaussian steps"
            + " (sampling probability 0.01, noise multiplier 1.1) and 3 selections of ε = 0.5 each)")
        .contains("but the total budget is only ε = 0.1, δ = 1e-6");
  }

  @Test
  void format_usesShortPlainOrScientificNotation() {
    assertThat(PrivacyBudgetExceededException.format(1)).isEqualTo("1");
    assertThat(PrivacyBudgetExceededException.format(0.25)).isEqualTo("0.25");
    assertThat(PrivacyBudgetExceededException.format(1.0 / 3)).isEqualTo("0.333");
    assertThat(PrivacyBudgetExceededException.format(1e-6)).isEqualTo("1e-6");
    assertThat(PrivacyBudgetExceededException.format(2.5e-7)).isEqualTo("2.5e-7");
    assertThat(PrivacyBudgetExceededException.format(Double.POSITIVE_INFINITY)).isEqualTo("∞");
  }

  @Test
  void messageOnlyConstructor_hasNoNumbers() {
    PrivacyBudgetExceededException e = new PrivacyBudgetExceededException("no");

    assertThat(e.getMessage()).isEqualTo("no");
    assertThat(e.requestedEpsilon()).isNaN();
    assertThat(e.total()).isNull();
    assertThat(e.remainingEpsilon()).isNaN();
  }
}
