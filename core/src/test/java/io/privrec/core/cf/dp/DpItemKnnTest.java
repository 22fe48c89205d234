package io.privrec.core.cf.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.privrec.core.cf.Algorithms;
import io.privrec.core.cf.dp.internal.BoundingRows;
import io.privrec.core.cf.dp.internal.DpItemKnnRelease;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.budget.PrivacyBudgetExceededException;
import io.privrec.dp.random.RandomSources;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DpItemKnnTest {

  /** Unweighted, zero noise, threshold reachable: each user weighs 1. */
  private static DpItemKnn.Builder zeroNoise() {
    return DpItemKnn.builder().weighting(DpItemKnn.Weighting.NONE).maxItemsPerUser(2).shrink(0)
        .popularityWeight(0).insecureReproducibleForTesting(3)
        .noiseForTesting(r -> PrivacyAuditFixtures.zeroKnnNoise());
  }

  @Test
  void fit_zeroNoise_similaritiesAreCosinesOfExactCountsAboveThreshold() {
    // 40 users hold {0,1}, 30 hold {0,2}: co-counts 40 and 30, item counts 70, 40, 30.
    int[][] rows = new int[70][];
    for (int u = 0; u < 70; u++) {
      rows[u] = u < 40 ? new int[] {0, 1} : new int[] {0, 2};
    }
    DpItemKnn algorithm = zeroNoise().epsilon(5).build();
    long tau = algorithm.calibrate(3).threshold();
    assertThat(tau).isLessThan(30);
    DpItemKnnModel model = algorithm
        .withCatalogue(PrivacyAuditFixtures.catalogue(3)).fit(PrivacyAuditFixtures.matrix(3, rows), FitListener.NONE);
    assertThat(model.releasedPairs()).isEqualTo(2);
    assertThat(model.noisyItemCount(0)).isEqualTo(70.0);
    assertThat(model.similarity(1, 0)).isCloseTo((float) (40 / Math.sqrt(70.0 * 40)), within(1e-6f));
    assertThat(model.similarity(0, 2)).isCloseTo((float) (30 / Math.sqrt(70.0 * 30)), within(1e-6f));
    assertThat(model.similarity(1, 2)).isZero();
    float[] scores = new float[3];
    model.scoreProfile(new int[] {0, 1}, new float[] {1f, 1f}, scores);
    // User 0 holds {0, 1}: first-order f(t) = sim(t, 0) + sim(t, 1); two-hop adds h · Σ_k f(k) sim(t, k).
    float f0 = model.similarity(0, 1);
    float f1 = model.similarity(1, 0);
    float f2 = model.similarity(2, 0) + model.similarity(2, 1);
    float h = (float) algorithm.twoHopWeight();
    assertThat(h).isPositive();
    assertThat(scores[2]).isCloseTo(f2 + h * (f0 * model.similarity(2, 0) + f1 * model.similarity(2, 1)),
        within(1e-5f));
    assertThat(scores[0]).isCloseTo(f0 + h * (f1 * model.similarity(0, 1) + f2 * model.similarity(0, 2)),
        within(1e-5f));
    DpItemKnnModel firstOrder = zeroNoise().epsilon(5).twoHopWeight(0).build()
        .withCatalogue(PrivacyAuditFixtures.catalogue(3)).fit(PrivacyAuditFixtures.matrix(3, rows), FitListener.NONE);
    firstOrder.scoreProfile(new int[] {0, 1}, new float[] {1f, 1f}, scores);
    assertThat(scores[2]).isCloseTo(f2, within(1e-6f));
  }

  @Test
  void fit_zeroNoise_pairsAtOrBelowThresholdAreNotReleased() {
    DpItemKnn algorithm = zeroNoise().epsilon(5).build();
    long tau = algorithm.calibrate(3).threshold();
    int[][] rows = new int[(int) tau][];
    for (int u = 0; u < tau; u++) {
      rows[u] = new int[] {0, 1};
    }
    DpItemKnnModel model = algorithm
        .withCatalogue(PrivacyAuditFixtures.catalogue(3)).fit(PrivacyAuditFixtures.matrix(3, rows), FitListener.NONE);
    assertThat(model.releasedPairs()).isZero();
    assertThat(model.similarity(0, 1)).isZero();
  }

  @Test
  void coCounts_l2Weights_matchBruteForceAndStayWithinSensitivityForNeighbours() {
    int[][] rows = PrivacyAuditFixtures.randomRows(11, 80, 30, 12);
    InteractionMatrix full = PrivacyAuditFixtures.matrix(30, rows);
    InteractionMatrix neighbour = PrivacyAuditFixtures.matrix(30, PrivacyAuditFixtures.withoutLast(rows));
    int m = 6;
    // Same seed: the neighbour's bounded rows are the full data's minus the last user's.
    BoundingRows a = BoundingRows.sample(full, m, RandomSources.insecureReproducibleForTesting(5));
    BoundingRows b = BoundingRows.sample(neighbour, m, RandomSources.insecureReproducibleForTesting(5));
    long[] wa = l2PairWeights(a);
    long[] wb = l2PairWeights(b);
    DpItemKnnRelease.CoCounts ca = DpItemKnnRelease.coCounts(a, wa, FitListener.NONE, 0, 1);
    DpItemKnnRelease.CoCounts cb = DpItemKnnRelease.coCounts(b, wb, FitListener.NONE, 0, 1);
    double squaredChange = 0;
    for (int i = 0; i < 30; i++) {
      for (int j = i + 1; j < 30; j++) {
        long brute = 0;
        for (int u = 0; u < a.numUsers(); u++) {
          if (holds(a, u, i) && holds(a, u, j)) {
            brute += wa[u];
          }
        }
        assertThat(ca.count(i, j)).isEqualTo(brute);
        double d = ca.count(i, j) - cb.count(i, j);
        squaredChange += d * d;
      }
    }
    assertThat(Math.sqrt(squaredChange)).isLessThanOrEqualTo(DpItemKnn.RESOLUTION);
    int last = a.numUsers() - 1;
    long k = a.rowLength(last);
    assertThat(squaredChange).isEqualTo((double) wa[last] * wa[last] * (k * (k - 1) / 2));
    long[] ia = DpItemKnnRelease.itemCounts(a, wa);
    long[] ib = DpItemKnnRelease.itemCounts(b, wb);
    for (int i = 0; i < 30; i++) {
      assertThat(ia[i] - ib[i]).isIn(0L, wa[last]);
    }
  }

  private static long[] l2PairWeights(BoundingRows rows) {
    long[] w = new long[rows.numUsers()];
    long r2 = DpItemKnn.RESOLUTION * DpItemKnn.RESOLUTION;
    for (int u = 0; u < w.length; u++) {
      long k = rows.rowLength(u);
      long pairs = k * (k - 1) / 2;
      w[u] = pairs == 0 ? 0 : (long) Math.floor(Math.sqrt((double) r2 / pairs));
      assertThat(w[u] * w[u] * pairs).isLessThanOrEqualTo(r2);
    }
    return w;
  }

  private static boolean holds(BoundingRows rows, int u, int item) {
    for (int p = rows.pointers()[u]; p < rows.pointers()[u + 1]; p++) {
      if (rows.items()[p] == item) {
        return true;
      }
    }
    return false;
  }

  @Test
  void fit_accountantCannotAfford_throwsAndRecordsNothing() {
    InteractionMatrix m = PrivacyAuditFixtures.matrix(10, PrivacyAuditFixtures.randomRows(1, 30, 10, 5));
    DpItemKnn algorithm = DpItemKnn.builder().epsilon(1).build();
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(0.5, 1e-6));
    assertThatThrownBy(() -> algorithm
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(m)).fit(m, FitListener.NONE, accountant))
        .isInstanceOf(PrivacyBudgetExceededException.class);
    assertThat(accountant.ledger()).isEmpty();
  }

  @Test
  void fit_freshAccountant_spendsAtMostTheBudgetInTwoGaussianEntries() {
    InteractionMatrix m = PrivacyAuditFixtures.matrix(10, PrivacyAuditFixtures.randomRows(1, 30, 10, 5));
    DpItemKnn algorithm = DpItemKnn.builder().epsilon(2).delta(1e-5).build();
    PrivacyAccountant accountant = PrivacyAccountant.create(algorithm.budget());
    algorithm.withCatalogue(PrivacyAuditFixtures.catalogueOf(m)).fit(m, FitListener.NONE, accountant);
    assertThat(accountant.ledger()).hasSize(2);
    assertThat(accountant.ledger().get(0).cost().mechanism()).isEqualTo("discrete-gaussian");
    assertThat(accountant.spent().epsilon()).isLessThanOrEqualTo(2 * (1 + 1e-12));
    assertThat(accountant.spent().epsilon()).isGreaterThan(2 * (1 - 1e-6));
  }

  @Test
  void fit_insecureSeed_isReproducible() {
    InteractionMatrix m = PrivacyAuditFixtures.matrix(40, PrivacyAuditFixtures.randomRows(2, 400, 40, 10));
    DpItemKnn algorithm = DpItemKnn.builder().epsilon(8).insecureReproducibleForTesting(9).build();
    DpItemKnnModel a = algorithm.withCatalogue(PrivacyAuditFixtures.catalogueOf(m)).fit(m, FitListener.NONE);
    DpItemKnnModel b = algorithm.withCatalogue(PrivacyAuditFixtures.catalogueOf(m)).fit(m, FitListener.NONE);
    assertThat(a.releasedPairs()).isEqualTo(b.releasedPairs());
    for (int i = 0; i < 40; i++) {
      assertThat(a.noisyItemCount(i)).isEqualTo(b.noisyItemCount(i));
      for (int j = 0; j < 40; j++) {
        assertThat(a.similarity(i, j)).isEqualTo(b.similarity(i, j));
      }
    }
  }

  @Test
  void fit_twentyThousandItems_runsWithoutQuadraticMemory() {
    // 2·10^8 item pairs: a dense array of them would need 1.6 GB; the sparse release needs O(users).
    int[][] rows = PrivacyAuditFixtures.randomRows(4, 3000, 20_000, 8);
    DpItemKnn algorithm = DpItemKnn.builder().epsilon(1).insecureReproducibleForTesting(4).build();
    DpItemKnnModel model = algorithm
        .withCatalogue(PrivacyAuditFixtures.catalogue(20_000))
        .fit(PrivacyAuditFixtures.matrix(20_000, rows), FitListener.NONE);
    assertThat(model.numItems()).isEqualTo(20_000);
    float[] scores = new float[20_000];
    model.scoreProfile(new int[] {0, 1}, new float[] {1f, 1f}, scores);
    for (float s : scores) {
      assertThat(Float.isFinite(s)).isTrue();
    }
  }

  @Test
  void create_fromRegistry_readsParametersAndRejectsBadOnes() {
    assertThat(Algorithms.create("dp-item-knn", Map.of("epsilon", "5", "weighting", "none")).parameters())
        .containsEntry("epsilon", "5.0").containsEntry("weighting", "none").doesNotContainKey("random-source");
    assertThatIllegalArgumentException().isThrownBy(() -> Algorithms.create("dp-item-knn", Map.of("threshold", "1")))
        .withMessageContaining("threshold");
    assertThatIllegalArgumentException().isThrownBy(() -> Algorithms.create("dp-item-knn", Map.of("delta", "-1")))
        .withMessageContaining("delta");
    assertThatIllegalArgumentException().isThrownBy(() -> Algorithms.create("dp-item-knn", Map.of("seed", "1")))
        .withMessageContaining("seed");
  }

  @Test
  void builder_badValues_throwNamingTheParameter() {
    assertThatIllegalArgumentException().isThrownBy(() -> DpItemKnn.builder().epsilon(Double.NaN))
        .withMessageContaining("epsilon");
    assertThatIllegalArgumentException().isThrownBy(() -> DpItemKnn.builder().maxItemsPerUser(1))
        .withMessageContaining("max-items-per-user");
    assertThatIllegalArgumentException().isThrownBy(() -> DpItemKnn.builder().itemShare(1))
        .withMessageContaining("item-share");
    assertThatIllegalArgumentException().isThrownBy(() -> DpItemKnn.builder().shrink(-1))
        .withMessageContaining("shrink");
    assertThatIllegalArgumentException().isThrownBy(() -> DpItemKnn.builder().twoHopWeight(Double.NaN))
        .withMessageContaining("two-hop-weight");
  }
}
