package io.privrec.dp.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CumulativeSpendTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void basic_sumsEpsilonAndDeltaOverThePeriods() {
    List<SpentBudget> periods =
        List.of(
            new SpentBudget(0.5, 1e-6, CompositionMethod.RENYI),
            new SpentBudget(0.25, 0, CompositionMethod.BASIC),
            new SpentBudget(1.0, 2e-6, CompositionMethod.NONE));

    CumulativeSpend cumulative = CumulativeSpend.basic(periods);

    assertThat(cumulative.epsilon()).isEqualTo(1.75);
    assertThat(cumulative.delta()).isEqualTo(3e-6);
    assertThat(cumulative.periods()).isEqualTo(3);
  }

  @Test
  void basic_twelveMonthlyAccountants_addUpTheirSpentBudgets() {
    List<SpentBudget> months = new ArrayList<>();
    double epsilonSum = 0;
    for (int month = 0; month < 12; month++) {
      PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(1, 1e-7), CLOCK);
      accountant.allocate("popularity", PrivacyCost.gaussian(10 + month));
      accountant.allocate("top-k", PrivacyCost.boundedRange(0.01, 10));
      months.add(accountant.spent());
      epsilonSum += accountant.spent().epsilon();
    }

    CumulativeSpend year = CumulativeSpend.basic(months);

    assertThat(year.periods()).isEqualTo(12);
    assertThat(year.delta()).isCloseTo(1.2e-6, within(1e-21));
    assertThat(year.epsilon()).isCloseTo(epsilonSum, within(1e-12));
    // Every month fits in ε = 1; the year, for a customer present all year, does not.
    assertThat(months).allSatisfy(m -> assertThat(m.epsilon()).isBetween(0.1, 1.0));
    assertThat(year.epsilon()).isGreaterThan(1.2);
  }

  @Test
  void basic_tenTenths_isExactlyOne() {
    List<SpentBudget> periods =
        Collections.nCopies(10, new SpentBudget(0.1, 0.1, CompositionMethod.BASIC));

    CumulativeSpend cumulative = CumulativeSpend.basic(periods);

    // Plain left-to-right addition gives 0.9999999999999999.
    assertThat(cumulative.epsilon()).isEqualTo(1.0);
    assertThat(cumulative.delta()).isEqualTo(1.0);
  }

  @Test
  void basic_noPeriods_isZero() {
    assertThat(CumulativeSpend.basic(List.of())).isEqualTo(new CumulativeSpend(0, 0, 0));
  }

  @Test
  void basic_deltaSummingAboveOne_isReportedAsIs() {
    List<SpentBudget> periods =
        List.of(
            new SpentBudget(1, 0.75, CompositionMethod.NONE),
            new SpentBudget(1, 0.5, CompositionMethod.NONE));

    assertThat(CumulativeSpend.basic(periods)).isEqualTo(new CumulativeSpend(2, 1.25, 2));
  }

  @Test
  void basic_overflowingEpsilon_throws() {
    List<SpentBudget> periods =
        List.of(
            new SpentBudget(Double.MAX_VALUE, 0, CompositionMethod.BASIC),
            new SpentBudget(Double.MAX_VALUE, 0, CompositionMethod.BASIC));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> CumulativeSpend.basic(periods))
        .withMessageContaining("spentPerPeriod")
        .withMessageContaining("overflows");
  }

  @Test
  void basic_nulls_throwNamingThem() {
    List<SpentBudget> withNull = new ArrayList<>();
    withNull.add(new SpentBudget(1, 0, CompositionMethod.BASIC));
    withNull.add(null);

    assertThatNullPointerException()
        .isThrownBy(() -> CumulativeSpend.basic(withNull))
        .withMessageContaining("spentPerPeriod[1]");
    assertThatNullPointerException()
        .isThrownBy(() -> CumulativeSpend.basic(null))
        .withMessageContaining("spentPerPeriod");
  }

  @Test
  void constructor_invalidComponents_throwNamingThem() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CumulativeSpend(-1, 0, 1))
        .withMessageContaining("epsilon must be finite and >= 0. Provided value: -1.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CumulativeSpend(1, Double.NaN, 1))
        .withMessageContaining("delta must be finite and >= 0. Provided value: NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CumulativeSpend(1, 0, -1))
        .withMessageContaining("periods must be >= 0. Provided value: -1");
  }
}
