package io.privrec.core.cf.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.privrec.core.cf.internal.ModelIo;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.noise.GaussianCalibration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DP-EASE's per-cohort item counts, released in the model's own Gaussian composition. */
class DpEaseCohortCountsTest {
  private static final InteractionMatrix TRAIN = DpEaseIalsTestData.random(3, 80, 12, 5);

  /** Users with an even index in cohort 0, odd in cohort 1, the last one in none. */
  private static int cohortOf(String id) {
    int u = TRAIN.users().indexOf(id);
    return u == TRAIN.numUsers() - 1 ? -1 : u % 2;
  }

  private static DpEase.Builder builder() {
    return DpEase.builder().epsilon(1).delta(1e-6).maxItemsPerUser(12);
  }

  @Test
  void fit_zeroNoise_cohortCountsAreTheMembersWeightedItemSums() {
    DpEaseIalsTestData.ZeroNoise zero = new DpEaseIalsTestData.ZeroNoise();
    DpEase dp = builder().noiseForTesting(zero).cohortCounts(2, DpEaseCohortCountsTest::cohortOf, 0.4).build()
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(TRAIN));

    DpEaseModel model = dp.fit(TRAIN, FitListener.NONE);

    // m = 12 keeps every row whole: each member adds c_k² to each of her k items.
    double[][] expected = new double[2][TRAIN.numItems()];
    for (int u = 0; u < TRAIN.numUsers() - 1; u++) {
      double c = DpEase.countValue(TRAIN.rowLength(u));
      for (int p = TRAIN.rowStart(u); p < TRAIN.rowEnd(u); p++) {
        expected[u % 2][TRAIN.itemAt(p)] += c * c;
      }
    }
    assertThat(model.numCohorts()).isEqualTo(2);
    for (int k = 0; k < 2; k++) {
      float[] counts = model.noisyCohortCounts(k);
      for (int i = 0; i < counts.length; i++) {
        assertThat((double) counts[i]).isCloseTo(expected[k][i], within(1e-5 * (1 + expected[k][i])));
      }
    }
    // The four releases' shares of ρ: the model's three scaled by 1 − 0.4, the counts 0.4.
    double rho = 1 / (2 * Math.pow(GaussianCalibration.analyticSigma(1, 1, 1e-6), 2));
    assertThat(zero.calls).hasSize(4);
    assertThat(shareOf(zero.calls.get(0), rho)).isCloseTo(0.6 * DpEase.DEFAULT_SELECTION_SHARE, within(1e-12));
    assertThat(shareOf(zero.calls.get(3), rho)).isCloseTo(0.4, within(1e-12));
    double total = 0;
    for (String call : zero.calls) {
      total += shareOf(call, rho);
    }
    assertThat(total).isCloseTo(1.0, within(1e-12));
  }

  /** The share of ρ of a recorded {@code zcdp Δ ρ touched} call, for L2 sensitivity Δ = 1 releases. */
  private static double shareOf(String call, double rho) {
    String[] parts = call.split(" ");
    assertThat(parts[0]).isEqualTo("zcdp");
    return Double.parseDouble(parts[2]) / rho;
  }

  @Test
  void noiseStandardDeviations_composeToTheWholeBudget() {
    DpEase plain = builder().build();
    DpEase shared = builder().cohortCounts(3, id -> 0, 0.25).build();
    double u = GaussianCalibration.analyticSigma(1, 1, 1e-6);

    assertThat(shared.selectionNoiseStandardDeviation())
        .isCloseTo(plain.selectionNoiseStandardDeviation() / Math.sqrt(0.75), within(1e-9));
    assertThat(shared.noiseStandardDeviation()).isCloseTo(plain.noiseStandardDeviation() / Math.sqrt(0.75),
        within(1e-9));
    assertThat(shared.cohortNoiseStandardDeviation()).isCloseTo(u / Math.sqrt(0.25), within(1e-9));
    assertThat(plain.cohortNoiseStandardDeviation()).isNaN();
    // Gaussian DP: the four multipliers' 1/σ² (at sensitivity 1) add up to 1/u².
    double sum = Math.pow(shared.selectionNoiseStandardDeviation(), -2)
        + Math.pow(shared.noiseStandardDeviation() / shared.l2Sensitivity(), -2)
        + Math.pow(shared.diagonalNoiseStandardDeviation(), -2)
        + Math.pow(shared.cohortNoiseStandardDeviation(), -2);
    assertThat(sum * u * u).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void fit_chargesOneEntryOfTheModelsBudget() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(1, 1e-6));
    DpEase dp = builder().cohortCounts(2, DpEaseCohortCountsTest::cohortOf, 0.5).build()
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(TRAIN));

    DpEaseModel model = dp.fit(TRAIN, FitListener.NONE, accountant);

    assertThat(accountant.ledger()).hasSize(1);
    assertThat(accountant.ledger().get(0).label()).contains("per-cohort item counts");
    assertThat(model.numCohorts()).isEqualTo(2);
    assertThat(model.guarantee().budget().epsilon()).isEqualTo(1.0);
  }

  @Test
  void fit_theModelKeepsNoCohortAssignment() {
    DpEaseModel model = builder().insecureRandomSourceForTesting(5)
        .cohortCounts(2, DpEaseCohortCountsTest::cohortOf, 0.5).build()
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(TRAIN)).fit(TRAIN, FitListener.NONE);

    // The cohort function maps customer ids to cohorts: the model's configuration drops it (it
    // keeps the share) and so cannot fit again, like a loaded model's.
    assertThat(model.config().cohortShare()).isEqualTo(0.5);
    assertThatThrownBy(() -> model.config().fit(TRAIN, FitListener.NONE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cohortCounts");
  }

  @Test
  void fit_cohortOutOfRange_refusedBeforeCharging() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(1, 1e-6));
    DpEase dp = builder().cohortCounts(2, id -> 2, 0.5).build().withCatalogue(PrivacyAuditFixtures.catalogueOf(TRAIN));
    String someCustomer = TRAIN.users().id(0);

    assertThatThrownBy(() -> dp.fit(TRAIN, FitListener.NONE, accountant))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside [-1, 2)")
        .hasMessageNotContaining(someCustomer);
    assertThat(accountant.ledger()).isEmpty();
  }

  @Test
  void fitFromStatistics_withCohortCounts_refusedBeforeCharging() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(1, 1e-6));
    DpEase dp = builder().cohortCounts(2, id -> 0, 0.5).build().withCatalogue(PrivacyAuditFixtures.catalogueOf(TRAIN));

    assertThatThrownBy(() -> dp.fit((spec, candidates) -> null, FitListener.NONE, accountant))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("InteractionMatrix");
    assertThat(accountant.ledger()).isEmpty();
  }

  @Test
  void cohortCounts_invalidArguments_areRefused() {
    assertThatThrownBy(() -> builder().cohortCounts(0, id -> 0, 0.5)).hasMessageContaining("numCohorts");
    assertThatThrownBy(() -> builder().cohortCounts(2, id -> 0, 1.0)).hasMessageContaining("cohort-share");
    assertThatThrownBy(() -> builder().candidateThreshold(0).cohortCounts(2, id -> 0, 0.5).build())
        .hasMessageContaining("candidate-threshold");
    assertThatThrownBy(() -> builder().candidateThreshold(0).build().withCohortCounts(2, id -> 0, 0.5))
        .hasMessageContaining("candidate-threshold");
    assertThatThrownBy(() -> DpEase.fromParams(Map.of("cohort-share", "0.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cohortCounts");
  }

  @Test
  void withCohortCounts_keepsTheConfigurationAndAddsTheCounts() {
    DpEase base = builder().rank(16).build().withCatalogue(PrivacyAuditFixtures.catalogueOf(TRAIN));
    DpEase shared = base.withCohortCounts(2, DpEaseCohortCountsTest::cohortOf, 0.3);

    assertThat(shared.parameters()).containsEntry("cohort-share", "0.3").containsEntry("rank", "16");
    assertThat(base.parameters()).doesNotContainKey("cohort-share");
    assertThat(shared.fit(TRAIN, FitListener.NONE).numCohorts()).isEqualTo(2);
  }

  @Test
  void saveAndLoad_keepTheCohortCounts_andTheFileIsTheRelease(@TempDir Path dir) throws Exception {
    DpEase dp = builder().insecureRandomSourceForTesting(5).cohortCounts(2, DpEaseCohortCountsTest::cohortOf, 0.5)
        .build().withCatalogue(PrivacyAuditFixtures.catalogueOf(TRAIN));
    DpEaseModel model = dp.fit(TRAIN, FitListener.NONE);
    Path file = dir.resolve("m.model");

    model.save(file);
    DpEaseModel loaded = DpEaseModel.load(file);

    assertThat(loaded.numCohorts()).isEqualTo(2);
    for (int k = 0; k < 2; k++) {
      assertThat(loaded.noisyCohortCounts(k)).containsExactly(model.noisyCohortCounts(k));
    }
    assertThat(loaded.config().cohortShare()).isEqualTo(0.5);
    assertThat(ModelIo.read(file).sectionNames()).contains("cohorts", "cohort-counts");
    // A loaded configuration describes the release; it cannot fit (it has no cohorts).
    assertThatThrownBy(() -> loaded.config().fit(TRAIN, FitListener.NONE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cohortCounts");
  }

  @Test
  void load_cohortShareWithoutCounts_isRefused(@TempDir Path dir) throws Exception {
    DpEaseModel shared = builder().insecureRandomSourceForTesting(5).cohortCounts(2, id -> 0, 0.5).build()
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(TRAIN)).fit(TRAIN, FitListener.NONE);
    Path file = dir.resolve("forged.model");
    shared.withCohortCounts(shared.config(), null).save(file); // parameters name a cohort share, no counts follow

    assertThatThrownBy(() -> DpEaseModel.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cohort-counts");
  }

  @Test
  void noisyCohortCounts_outOfRange_isRefused() {
    DpEaseModel model = builder().insecureRandomSourceForTesting(5).cohortCounts(2, id -> 0, 0.5).build()
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(TRAIN)).fit(TRAIN, FitListener.NONE);

    assertThatThrownBy(() -> model.noisyCohortCounts(2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(List.of(model.noisyCohortCounts(0).length)).containsExactly(TRAIN.numItems());
  }
}
