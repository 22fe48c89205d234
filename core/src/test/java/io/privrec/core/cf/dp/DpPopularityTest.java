package io.privrec.core.cf.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.privrec.core.cf.Algorithms;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.budget.PrivacyBudgetExceededException;
import io.privrec.dp.noise.Noise;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DpPopularityTest {
  private static final int[][] ROWS = {{0, 1, 2}, {1, 2}, {2}, {0, 2, 3}, {}};

  private static DpPopularity zeroNoise(Noise.Norm norm, int m) {
    return DpPopularity.builder().maxItemsPerUser(m).topK(0).insecureReproducibleForTesting(1)
        .noiseForTesting(r -> PrivacyAuditFixtures.zeroNoise(norm)).build();
  }

  @Test
  void fit_zeroNoiseAndLargeBound_releasesExactDistinctUserCounts() {
    InteractionMatrix m = PrivacyAuditFixtures.matrix(5, ROWS);
    DpPopularityModel model = zeroNoise(Noise.Norm.L1, 10)
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(m)).fit(m, FitListener.NONE);
    assertThat(model.noisyCounts()).containsExactly(2, 2, 4, 1, 0);
    float[] scores = new float[5];
    model.scoreProfile(m.rowItems(0), m.rowWeights(0), scores);
    assertThat(scores).containsExactly(2f, 2f, 4f, 1f, 0f);
  }

  @Test
  void fit_zeroNoiseAndBoundOne_countsEachUserOnceOnAnItemOfHerRow() {
    int[][] rows = PrivacyAuditFixtures.randomRows(3, 200, 30, 12);
    InteractionMatrix m = PrivacyAuditFixtures.matrix(30, rows);
    long[] counts = zeroNoise(Noise.Norm.L2, 1)
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(m)).fit(m, FitListener.NONE).noisyCounts();
    long total = 0;
    int[] full = m.itemCounts();
    for (int i = 0; i < counts.length; i++) {
      assertThat(counts[i]).isBetween(0L, (long) full[i]);
      total += counts[i];
    }
    assertThat(total).isEqualTo(200);
  }

  @Test
  void fit_neighbouringDatasets_zeroNoiseCountsDifferByAtMostBoundInL1() {
    int m = 4;
    for (long seed = 0; seed < 20; seed++) {
      int[][] rows = PrivacyAuditFixtures.randomRows(seed, 60, 25, 15);
      DpPopularity algorithm = DpPopularity.builder().maxItemsPerUser(m).topK(0).insecureReproducibleForTesting(seed)
          .noiseForTesting(r -> PrivacyAuditFixtures.zeroNoise(Noise.Norm.L1)).build();
      long[] a = algorithm
          .withCatalogue(PrivacyAuditFixtures.catalogue(25))
          .fit(PrivacyAuditFixtures.matrix(25, rows), FitListener.NONE).noisyCounts();
      long[] b = algorithm
          .withCatalogue(PrivacyAuditFixtures.catalogue(25))
          .fit(PrivacyAuditFixtures.matrix(25, PrivacyAuditFixtures.withoutLast(rows)),
          FitListener.NONE).noisyCounts();
      long l1 = 0;
      for (int i = 0; i < a.length; i++) {
        assertThat(a[i] - b[i]).isBetween(0L, 1L);
        l1 += a[i] - b[i];
      }
      assertThat(l1).isEqualTo(Math.min(m, rows[rows.length - 1].length));
    }
  }

  @Test
  void fit_cohortsWithZeroNoise_releaseExactCohortCountsAndBlendScores() {
    InteractionMatrix m = PrivacyAuditFixtures.matrix(5, ROWS);
    DpPopularity algorithm = DpPopularity.builder().maxItemsPerUser(10).topK(0).insecureReproducibleForTesting(1)
        .noiseForTesting(r -> PrivacyAuditFixtures.zeroNoise(Noise.Norm.L1))
        .cohorts(2, id -> id.equals("u0") || id.equals("u1") ? 0 : 1).build();
    DpPopularityModel model = algorithm.withCatalogue(PrivacyAuditFixtures.catalogueOf(m)).fit(m, FitListener.NONE);
    assertThat(model.numCohorts()).isEqualTo(2);
    assertThat(model.noisyCohortCounts(0)).containsExactly(1, 2, 2, 0, 0);
    assertThat(model.noisyCohortCounts(1)).containsExactly(1, 0, 2, 1, 0);
    float[] scores = new float[5];
    model.scoreCohort(0, scores); // u1's public cohort
    // cohort 0 holds 5 of the 9 counted interactions: n_0(i) + 5/9 · n(i)
    assertThat(scores[2]).isEqualTo((float) (2 + 5.0 / 9 * 4));
    model.scoreProfile(new int[0], new float[0], scores);
    assertThat(scores).containsExactly(2f, 2f, 4f, 1f, 0f);
  }

  @Test
  void fit_cohortOutOfRange_throwsBeforeSpending() {
    InteractionMatrix m = PrivacyAuditFixtures.matrix(5, ROWS);
    DpPopularity algorithm = DpPopularity.builder().cohorts(2, id -> 2).build();
    PrivacyAccountant accountant = PrivacyAccountant.create(algorithm.budget());
    assertThatIllegalArgumentException().isThrownBy(() -> algorithm
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(m)).fit(m, FitListener.NONE, accountant))
        .withMessageContaining("cohort function returned a value outside [-1, 2)")
        .withMessageNotContaining("u0");
    assertThat(accountant.ledger()).isEmpty();
  }

  @Test
  void fit_accountantCannotAfford_throwsAndRecordsNothing() {
    InteractionMatrix m = PrivacyAuditFixtures.matrix(5, ROWS);
    DpPopularity algorithm = DpPopularity.builder().epsilon(2).build();
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(1, 1e-6));
    assertThatThrownBy(() -> algorithm
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(m)).fit(m, FitListener.NONE, accountant))
        .isInstanceOf(PrivacyBudgetExceededException.class);
    assertThat(accountant.ledger()).isEmpty();
  }

  @Test
  void fit_allReleases_chargesThreeEntriesWithinTheBudget() {
    InteractionMatrix m = PrivacyAuditFixtures.matrix(5, ROWS);
    DpPopularity algorithm = DpPopularity.builder().epsilon(1).maxItemsPerUser(2).topK(3)
        .cohorts(3, id -> id.length() % 3).build();
    PrivacyAccountant accountant = PrivacyAccountant.create(algorithm.budget());
    algorithm.withCatalogue(PrivacyAuditFixtures.catalogueOf(m)).fit(m, FitListener.NONE, accountant);
    assertThat(accountant.ledger()).extracting(e -> e.cost().mechanism())
        .containsExactly("discrete-laplace", "top-k-gumbel", "discrete-laplace");
    assertThat(accountant.spent().epsilon()).isLessThanOrEqualTo(1.0 * (1 + 1e-12));
    assertThat(accountant.spent().delta()).isLessThanOrEqualTo(1e-6 * (1 + 1e-12));
  }

  @Test
  void fit_cohortShare_givesTheCohortCountsThatShareOfTheBudget() {
    InteractionMatrix m = PrivacyAuditFixtures.matrix(5, ROWS);
    DpPopularity algorithm = DpPopularity.builder().epsilon(1).maxItemsPerUser(1).topK(0)
        .noise(DpPopularity.NoiseKind.LAPLACE).cohorts(2, id -> id.equals("u0") ? -1 : id.length() % 2)
        .cohortShare(0.9).build();
    PrivacyAccountant accountant = PrivacyAccountant.create(algorithm.budget());
    algorithm.withCatalogue(PrivacyAuditFixtures.catalogueOf(m)).fit(m, FitListener.NONE, accountant);
    assertThat(accountant.ledger()).extracting(e -> e.label())
        .containsExactly("dp-popularity item counts", "dp-popularity cohort item counts");
    assertThat(accountant.ledger().get(0).cost().parameters().get("epsilon").doubleValue()).isCloseTo(0.1, within(1e-9));
    assertThat(accountant.ledger().get(1).cost().parameters().get("epsilon").doubleValue()).isCloseTo(0.9, within(1e-9));
    assertThat(algorithm.parameters()).containsEntry("cohort-share", "0.9");
    assertThatIllegalArgumentException().isThrownBy(() -> DpPopularity.builder().cohortShare(1))
        .withMessageContaining("cohort-share must be in (0, 1)");
  }

  @Test
  void mechanismFor_smallBound_picksLaplaceAndLargeBound_picksGaussian() {
    assertThat(DpPopularity.builder().maxItemsPerUser(1).build().mechanismFor(1, 1e-6))
        .isEqualTo(DpPopularity.NoiseKind.LAPLACE);
    assertThat(DpPopularity.builder().maxItemsPerUser(100).build().mechanismFor(1, 1e-6))
        .isEqualTo(DpPopularity.NoiseKind.GAUSSIAN);
  }

  @Test
  void fit_insecureSeed_isReproducibleAndSaysSo() {
    InteractionMatrix m = PrivacyAuditFixtures.matrix(30, PrivacyAuditFixtures.randomRows(5, 100, 30, 10));
    DpPopularity algorithm = DpPopularity.builder().insecureReproducibleForTesting(77).build();
    assertThat(algorithm.withCatalogue(PrivacyAuditFixtures.catalogueOf(m)).fit(m, FitListener.NONE).noisyCounts())
        .containsExactly(algorithm
            .withCatalogue(PrivacyAuditFixtures.catalogueOf(m)).fit(m, FitListener.NONE).noisyCounts());
    assertThat(algorithm.parameters()).containsEntry("random-source", "insecure-reproducible-for-testing");
  }

  @Test
  void create_fromRegistry_readsParametersAndRejectsBadOnes() {
    assertThat(Algorithms.create("dp-popularity", Map.of("epsilon", "2", "max-items-per-user", "5")).parameters())
        .containsEntry("epsilon", "2.0").containsEntry("max-items-per-user", "5").doesNotContainKey("random-source");
    assertThatIllegalArgumentException().isThrownBy(() -> Algorithms.create("dp-popularity", Map.of("epsilon", "NaN")))
        .withMessageContaining("epsilon");
    assertThatIllegalArgumentException().isThrownBy(() -> Algorithms.create("dp-popularity", Map.of("epsilon", "0")))
        .withMessageContaining("epsilon");
    assertThatIllegalArgumentException().isThrownBy(() -> Algorithms.create("dp-popularity", Map.of("seed", "1")))
        .withMessageContaining("seed");
  }

  @Test
  void builder_badValues_throwNamingTheParameter() {
    assertThatIllegalArgumentException().isThrownBy(() -> DpPopularity.builder().epsilon(Double.POSITIVE_INFINITY))
        .withMessageContaining("epsilon");
    assertThatIllegalArgumentException().isThrownBy(() -> DpPopularity.builder().delta(0))
        .withMessageContaining("delta");
    assertThatIllegalArgumentException().isThrownBy(() -> DpPopularity.builder().maxItemsPerUser(0))
        .withMessageContaining("max-items-per-user");
    assertThatIllegalArgumentException().isThrownBy(() -> DpPopularity.builder().cohorts(0, id -> 0))
        .withMessageContaining("numCohorts");
  }

  @Test
  void fit_ranking_releasesTopItemsInOrderWhenCountsAreFarApart() {
    // Item i is held by 400·(5 − i) users: gaps of 400 against a per-selection ε of at least 10/3.
    int[][] rows = new int[6000][];
    int u = 0;
    for (int i = 0; i < 5; i++) {
      for (int k = 0; k < 400 * (5 - i); k++) {
        rows[u++] = new int[] {i};
      }
    }
    InteractionMatrix m = PrivacyAuditFixtures.matrix(8, java.util.Arrays.copyOf(rows, u));
    DpPopularity algorithm = DpPopularity.builder().epsilon(20).maxItemsPerUser(1).topK(3)
        .insecureReproducibleForTesting(5).build();
    DpPopularityModel model = algorithm.withCatalogue(PrivacyAuditFixtures.catalogueOf(m)).fit(m, FitListener.NONE);
    assertThat(model.ranking()).containsExactly(0, 1, 2);
    float[] scores = new float[8];
    model.scoreProfile(new int[0], new float[0], scores);
    assertThat(scores[2]).isGreaterThan(scores[3]);
    assertThat(scores[3]).isGreaterThan(scores[7]);
  }

  @Test
  void fit_itemsOutsideTheCatalogue_areDroppedAndNeverListed() {
    // i3 (outside the catalogue) is held by 2000 users, i4 (outside) by a single user.
    int[][] rows = new int[2003][];
    for (int k = 0; k < 2000; k++) {
      rows[k] = new int[] {0, 3};
    }
    rows[2000] = new int[] {1, 4};
    rows[2001] = new int[] {2};
    rows[2002] = new int[] {};
    InteractionMatrix m = PrivacyAuditFixtures.matrix(5, rows);
    DpPopularityModel model = DpPopularity.builder().epsilon(2).topK(2).maxItemsPerUser(10)
        .insecureReproducibleForTesting(8).noiseForTesting(r -> PrivacyAuditFixtures.zeroNoise(Noise.Norm.L1))
        .catalogue(PrivacyAuditFixtures.catalogue(3)).build().fit(m, FitListener.NONE);
    assertThat(model.items().ids()).containsExactly("i0", "i1", "i2");
    assertThat(model.noisyCounts()).containsExactly(2000, 1, 1);
    assertThat(model.ranking()).hasSizeLessThanOrEqualTo(2);
    for (int item : model.ranking()) {
      assertThat(item).isBetween(0, 2);
    }
    float[] scores = new float[3];
    model.scoreProfile(new int[] {2}, new float[] {1f}, scores);
    for (float x : scores) {
      assertThat(x).isFinite();
    }
  }

  @Test
  void selectionEpsilon_usesBoundedRangeCompositionWhenItBeatsBasic() {
    PrivacyBudget share = PrivacyBudget.of(1, 1e-6);
    double perSelection = DpPopularity.selectionEpsilon(100, share);
    // Basic composition would allow 0.01; Durfee–Rogers' bound allows about 0.0188.
    assertThat(perSelection).isGreaterThan(0.015);
    assertThat(PrivacyAccountant.create(share).canAllocate(
        io.privrec.dp.budget.PrivacyCost.boundedRange(perSelection, 100))).isTrue();
  }
}
