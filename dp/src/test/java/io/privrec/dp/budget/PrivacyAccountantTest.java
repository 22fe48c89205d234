package io.privrec.dp.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PrivacyAccountantTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void allocate_pureSpends_addUpByBasicComposition() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.pure(1), CLOCK);

    accountant.allocate("a", PrivacyCost.pureDp(0.25));
    accountant.allocate("b", PrivacyCost.pureDp(0.5));

    assertThat(accountant.spent()).isEqualTo(new SpentBudget(0.75, 0, CompositionMethod.BASIC));
  }

  @Test
  void allocate_tenTenthsOfOne_allFitAndEleventhFails() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.pure(1), CLOCK);
    double share = 1.0 / 10;

    for (int i = 0; i < 10; i++) {
      accountant.allocate("share " + i, PrivacyCost.pureDp(share));
    }

    assertThatThrownBy(() -> accountant.allocate("one too many", PrivacyCost.pureDp(share)))
        .isInstanceOf(PrivacyBudgetExceededException.class)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("one too many");
    assertThat(accountant.ledger()).hasSize(10);
  }

  @Test
  void allocate_exceeding_recordsNothing() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(1, 1e-6), CLOCK);
    accountant.allocate("first", PrivacyCost.gaussian(10));
    SpentBudget before = accountant.spent();

    assertThatThrownBy(() -> accountant.allocate("big", PrivacyCost.pureDp(0.99)))
        .isInstanceOf(PrivacyBudgetExceededException.class);

    assertThat(accountant.spent()).isEqualTo(before);
    assertThat(accountant.ledger()).extracting(LedgerEntry::label).containsExactly("first");
  }

  @Test
  void allocate_gaussianWithoutDeltaBudget_isRefused() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.pure(100), CLOCK);

    assertThatThrownBy(() -> accountant.allocate("gaussian", PrivacyCost.gaussian(100)))
        .isInstanceOf(PrivacyBudgetExceededException.class);
    assertThat(accountant.ledger()).isEmpty();
  }

  @Test
  void allocate_gaussianAfterTheDeltaIsSpent_isRefusedSayingWhy() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(10, 1e-6), CLOCK);
    accountant.allocate("approximate", PrivacyCost.approximateDp(0.5, 1e-6));

    assertThatThrownBy(() -> accountant.allocate("gaussian", PrivacyCost.gaussian(100)))
        .isInstanceOf(PrivacyBudgetExceededException.class)
        .hasMessageContaining("needs ε = ")
        .hasMessageContaining(", δ = 1e-6 (the (ε, δ) equivalent at δ = 1e-6 of Gaussian noise")
        .hasMessageContaining("only ε = 9.5, δ = 0 of the total ε = 10, δ = 1e-6 is left");
    assertThat(accountant.ledger()).extracting(LedgerEntry::label).containsExactly("approximate");
  }

  @Test
  void spent_gaussianReferenceVector_isEpsilonOneByRenyi() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(2, 1e-6), CLOCK);

    accountant.allocate("sum", PrivacyCost.gaussian(4.530877117));

    SpentBudget spent = accountant.spent();
    assertThat(spent.epsilon()).isCloseTo(1.0, within(1e-8));
    assertThat(spent.delta()).isEqualTo(1e-6);
    assertThat(spent.method()).isEqualTo(CompositionMethod.RENYI);
  }

  @Test
  void canAllocate_gaussianAtTheBoundary_decidesBySmallestEpsilon() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(1, 1e-6), CLOCK);

    assertThat(accountant.canAllocate(PrivacyCost.gaussian(4.5309))).isTrue();
    assertThat(accountant.canAllocate(PrivacyCost.gaussian(4.5308))).isFalse();
    assertThat(accountant.ledger()).isEmpty();
  }

  @Test
  void spent_kGaussians_equalsOneGaussianWithSigmaOverRootK() {
    double sigma = 6.0;
    int k = 9;
    PrivacyAccountant many = PrivacyAccountant.create(PrivacyBudget.of(10, 1e-6), CLOCK);
    PrivacyAccountant one = PrivacyAccountant.create(PrivacyBudget.of(10, 1e-6), CLOCK);

    for (int i = 0; i < k; i++) {
      many.allocate("release " + i, PrivacyCost.gaussian(sigma));
    }
    one.allocate("single", PrivacyCost.gaussian(sigma / Math.sqrt(k)));

    double[] rhos = new double[k];
    java.util.Arrays.fill(rhos, PrivacyCost.gaussian(sigma).zcdpRho().orElseThrow());
    assertThat(Composition.zcdp(rhos))
        .isCloseTo(
            PrivacyCost.gaussian(sigma / Math.sqrt(k)).zcdpRho().orElseThrow(), within(1e-15));
    assertThat(many.spent().epsilon()).isCloseTo(one.spent().epsilon(), within(1e-12));
    assertThat(many.spent().epsilon()).isGreaterThan(0);
  }

  @Test
  void spent_hundredPureTenths_usesTightestMethod() {
    PrivacyAccountant withDelta = PrivacyAccountant.create(PrivacyBudget.of(20, 1e-6), CLOCK);
    PrivacyAccountant pureOnly = PrivacyAccountant.create(PrivacyBudget.pure(20), CLOCK);

    for (int i = 0; i < 100; i++) {
      withDelta.allocate("count " + i, PrivacyCost.pureDp(0.1));
      pureOnly.allocate("count " + i, PrivacyCost.pureDp(0.1));
    }

    assertThat(pureOnly.spent().epsilon()).isCloseTo(10, within(1e-12));
    assertThat(pureOnly.spent().method()).isEqualTo(CompositionMethod.BASIC);
    double advanced = Composition.advanced(100, PrivacyBudget.pure(0.1), 1e-6).epsilon();
    SpentBudget spent = withDelta.spent();
    assertThat(spent.method()).isEqualTo(CompositionMethod.RENYI);
    assertThat(spent.epsilon()).isLessThan(advanced);
    // The Rényi route equals the zCDP route for ρ = 100·0.1²/2 = 0.5, since αε²/2 < ε here.
    assertThat(spent.epsilon()).isCloseTo(RenyiDp.zcdpToEpsilon(0.5, 1e-6), within(1e-9));
  }

  @Test
  void spent_boundedRangeSelections_basicWithoutDeltaAndDurfeeRogersBoundWithDelta() {
    PrivacyAccountant pure = PrivacyAccountant.create(PrivacyBudget.pure(100), CLOCK);
    PrivacyAccountant approx = PrivacyAccountant.create(PrivacyBudget.of(100, 1e-6), CLOCK);
    PrivacyCost topK = PrivacyCost.boundedRange(0.1, 50);

    pure.allocate("top-50", topK);
    approx.allocate("top-50", topK);

    assertThat(pure.spent()).isEqualTo(new SpentBudget(5.0, 0, CompositionMethod.BASIC));
    // Durfee & Rogers' bounded-range composition: kε²/8 + ε·√(k·ln(1/δ)/2).
    double durfeeRogers = 50 * 0.01 / 8 + 0.1 * Math.sqrt(50 * Math.log(1e6) / 2);
    assertThat(approx.spent().method()).isEqualTo(CompositionMethod.RENYI);
    assertThat(approx.spent().epsilon()).isLessThanOrEqualTo(durfeeRogers);
    assertThat(approx.spent().epsilon())
        .isCloseTo(RenyiDp.zcdpToEpsilon(50 * 0.01 / 8, 1e-6), within(1e-9));
  }

  @Test
  void spent_fewLargePureSpends_neverWorseThanBasic() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(10, 1e-6), CLOCK);

    accountant.allocate("a", PrivacyCost.pureDp(1));
    accountant.allocate("b", PrivacyCost.pureDp(2));

    // At very large orders the Rényi route gives 3 + log(1 - 1/α) - (log δ + log α)/(α - 1),
    // a hair below basic composition's 3, paid for with δ; the rule takes the smallest ε.
    SpentBudget spent = accountant.spent();
    assertThat(spent.epsilon()).isLessThanOrEqualTo(3).isGreaterThan(3 - 1e-5);
  }

  @Test
  void spent_approximatePlusGaussian_approximatePartUsesItsDeltaAndGaussianGetsTheRest() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(5, 1e-5), CLOCK);

    accountant.allocate("approx", PrivacyCost.approximateDp(0.5, 4e-6));
    accountant.allocate("gaussian", PrivacyCost.gaussian(3));

    double gaussianEpsilon = RenyiDp.epsilon(order -> RenyiDp.gaussian(3, order), 1e-5 - 4e-6);
    SpentBudget spent = accountant.spent();
    assertThat(spent.epsilon()).isCloseTo(0.5 + gaussianEpsilon, within(1e-12));
    assertThat(spent.delta()).isEqualTo(1e-5);
  }

  @Test
  void spent_onlyApproximateSpends_basicWithMethodNone() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(5, 1e-5), CLOCK);

    accountant.allocate("a", PrivacyCost.approximateDp(0.5, 1e-6));
    accountant.allocate("b", PrivacyCost.approximateDp(0.25, 2e-6));

    SpentBudget spent = accountant.spent();
    assertThat(spent.epsilon()).isEqualTo(0.75);
    assertThat(spent.delta()).isCloseTo(3e-6, within(1e-21));
    assertThat(spent.method()).isEqualTo(CompositionMethod.NONE);
  }

  @Test
  void spent_approximateSpendsUsingAllDelta_leaveNothingForGaussian() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(50, 1e-6), CLOCK);
    accountant.allocate("approx", PrivacyCost.approximateDp(0.5, 1e-6));

    assertThat(accountant.canAllocate(PrivacyCost.gaussian(100))).isFalse();
    assertThat(accountant.canAllocate(PrivacyCost.pureDp(1))).isTrue();
  }

  @Test
  void spent_subsampledGaussian_matchesRenyiConversionOfItsCurve() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(10, 1e-5), CLOCK);
    PrivacyCost dpSgd = PrivacyCost.subsampledGaussian(0.01, 1.1, 1000);

    accountant.allocate("training", dpSgd);

    double direct =
        RenyiDp.epsilon(
            order -> order <= 1024 ? dpSgd.renyiDivergence(order) : Double.POSITIVE_INFINITY,
            1e-5);
    assertThat(accountant.spent().epsilon()).isCloseTo(direct, within(1e-12));
    assertThat(accountant.spent().epsilon()).isBetween(0.5, 10.0);
  }

  @Test
  void spent_emptyLedger_isZero() {
    assertThat(PrivacyAccountant.create(PrivacyBudget.of(1, 1e-6)).spent())
        .isEqualTo(new SpentBudget(0, 0, CompositionMethod.NONE));
  }

  @Test
  void tryAllocate_notFitting_returnsEmptyAndRecordsNothing() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.pure(1), CLOCK);

    assertThat(accountant.tryAllocate("fits", PrivacyCost.pureDp(0.6))).isPresent();
    assertThat(accountant.tryAllocate("too big", PrivacyCost.pureDp(0.6))).isEmpty();
    assertThat(accountant.ledger()).hasSize(1);
  }

  @Test
  void allocateAll_oneRequestTooMany_recordsNone() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.pure(1), CLOCK);

    List<BudgetRequest> batch =
        List.of(
            BudgetRequest.of("a", PrivacyCost.pureDp(0.4)),
            BudgetRequest.of("b", PrivacyCost.pureDp(0.4)),
            BudgetRequest.of("c", PrivacyCost.pureDp(0.4)));

    assertThatThrownBy(() -> accountant.allocateAll(batch))
        .isInstanceOf(PrivacyBudgetExceededException.class)
        .hasMessageContaining("3 releases ('a', 'b', 'c') need together ε = 1.2, δ = 0");
    assertThat(accountant.ledger()).isEmpty();
    assertThat(accountant.spent().epsilon()).isZero();
  }

  @Test
  void allocateAll_fitting_recordsAllInOrder() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(1, 1e-6), CLOCK);
    accountant.allocate("first", PrivacyCost.pureDp(0.1));

    List<LedgerEntry> entries =
        accountant.allocateAll(
            List.of(
                BudgetRequest.of("a", PrivacyCost.pureDp(0.2)),
                BudgetRequest.of("b", PrivacyCost.gaussian(20))));

    assertThat(entries).extracting(LedgerEntry::sequence).containsExactly(1L, 2L);
    assertThat(entries).extracting(LedgerEntry::timestamp).containsOnly(CLOCK.instant());
    assertThat(accountant.ledger()).extracting(LedgerEntry::label).containsExactly("first", "a", "b");
  }

  @Test
  void allocateAll_nullElement_throwsAndRecordsNothing() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.pure(1), CLOCK);
    List<BudgetRequest> batch = new ArrayList<>();
    batch.add(BudgetRequest.of("a", PrivacyCost.pureDp(0.1)));
    batch.add(null);

    assertThatNullPointerException()
        .isThrownBy(() -> accountant.allocateAll(batch))
        .withMessageContaining("requests[1]");
    assertThat(accountant.ledger()).isEmpty();
  }

  @Test
  void allocate_badArguments_throwNamingThem() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.pure(1), CLOCK);

    assertThatNullPointerException()
        .isThrownBy(() -> accountant.allocate(null, PrivacyCost.pureDp(0.1)))
        .withMessageContaining("label");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> accountant.allocate("  ", PrivacyCost.pureDp(0.1)))
        .withMessageContaining("label");
    assertThatNullPointerException()
        .isThrownBy(() -> accountant.allocate("x", null))
        .withMessageContaining("cost");
    assertThatNullPointerException()
        .isThrownBy(() -> PrivacyAccountant.create(null))
        .withMessageContaining("total");
  }

  @Test
  void allocate_sixteenThreadsHammeringOneBudget_neverOverspend() throws Exception {
    // 1000 spends of 0.001 fit in ε = 1; 16 threads try 200 each (3200 attempts).
    assertConcurrentAllocationsStopAtCapacity(
        PrivacyBudget.pure(1), PrivacyCost.pureDp(0.001), 1000);
  }

  @Test
  void allocate_sixteenThreadsHammeringGaussianBudget_neverOverspend() throws Exception {
    // k Gaussian releases with σ compose like one with σ/√k; find the sequential capacity first.
    PrivacyBudget total = PrivacyBudget.of(1, 1e-6);
    PrivacyCost cost = PrivacyCost.gaussian(60);
    PrivacyAccountant sequential = PrivacyAccountant.create(total, CLOCK);
    int capacity = 0;
    while (sequential.tryAllocate("s", cost).isPresent()) {
      capacity++;
    }
    assertThat(capacity).isBetween(100, 300);

    assertConcurrentAllocationsStopAtCapacity(total, cost, capacity);
  }

  private static void assertConcurrentAllocationsStopAtCapacity(
      PrivacyBudget total, PrivacyCost cost, int capacity) throws Exception {
    PrivacyAccountant accountant = PrivacyAccountant.create(total, CLOCK);
    int threads = 16;
    int attemptsPerThread = capacity / 5 + 1;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> granted = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        granted.add(
            pool.submit(
                () -> {
                  start.await();
                  int ok = 0;
                  for (int i = 0; i < attemptsPerThread; i++) {
                    try {
                      accountant.allocate("t" + thread + "-" + i, cost);
                      ok++;
                    } catch (PrivacyBudgetExceededException e) {
                      // expected once the budget is used up
                    }
                  }
                  return ok;
                }));
      }
      start.countDown();
      int total0 = 0;
      for (Future<Integer> f : granted) {
        total0 += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(total0).isEqualTo(capacity);
      assertThat(accountant.ledger()).hasSize(capacity);
      assertThat(accountant.ledger())
          .extracting(LedgerEntry::sequence)
          .containsExactlyElementsOf(
              java.util.stream.LongStream.range(0, capacity).boxed().toList());
      assertThat(accountant.spent().epsilon())
          .isLessThanOrEqualTo(total.epsilon() * (1 + PrivacyAccountant.RELATIVE_TOLERANCE));
      assertThat(accountant.canAllocate(cost)).isFalse();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void toJson_writesTotalSpentAndEntries() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.pure(1), CLOCK);
    accountant.allocate("count \"shoes\"", PrivacyCost.pureDp(0.5).withMechanism("laplace"));

    assertThat(accountant.toJson())
        .isEqualTo(
            "{\"total\":{\"epsilon\":1.0,\"delta\":0.0},"
                + "\"spent\":{\"epsilon\":0.5,\"delta\":0.0,\"method\":\"BASIC\"},"
                + "\"entries\":[{\"sequence\":0,\"label\":\"count \\\"shoes\\\"\","
                + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"mechanism\":\"laplace\","
                + "\"kind\":\"PURE_DP\",\"parameters\":{\"epsilon\":0.5}}]}");
  }

  @Test
  void toJson_subsampledGaussian_writesStepsAsInteger() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(100, 1e-5), CLOCK);
    accountant.allocate("train", PrivacyCost.subsampledGaussian(0.01, 1, 10));

    assertThat(accountant.toJson())
        .contains(
            "\"parameters\":{\"samplingProbability\":0.01,\"noiseMultiplier\":1.0,\"steps\":10}")
        .contains("\"delta\":1.0E-5,\"method\":\"RENYI\"");
  }
}
