package io.privrec.core.cf.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.privrec.core.cf.Ease;
import io.privrec.core.cf.EaseModel;
import io.privrec.core.cf.dp.internal.BoundingRows;
import io.privrec.core.cf.dp.internal.GramEigen;
import io.privrec.core.cf.dp.internal.GramLowRank;
import io.privrec.core.cf.internal.EaseSolver;
import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.Algorithms;
import io.privrec.core.model.Explanation;
import io.privrec.core.model.FitListener;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.budget.PrivacyBudgetExceededException;
import io.privrec.dp.budget.SpentBudget;
import io.privrec.dp.testing.TestRandoms;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DpEaseTest {

  @Test
  void fit_zeroNoise_equalsEaseOnNormalisedRows() {
    InteractionMatrix train = DpEaseIalsTestData.random(1, 60, 15, 6);
    DpEaseIalsTestData.ZeroNoise zero = new DpEaseIalsTestData.ZeroNoise();
    DpEase dp = DpEase.builder().epsilon(2).maxItemsPerUser(6).rank(0).noiseForTesting(zero).build();

    DpEaseModel model = dp.fit(train, FitListener.NONE);

    // With m at least every row's length bounding keeps every row; each entry gets v_k.
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.REJECT, train.users(), train.items());
    for (int u = 0; u < train.numUsers(); u++) {
      float v = (float) DpEase.rowValue(train.rowLength(u), 1);
      for (int p = train.rowStart(u); p < train.rowEnd(u); p++) {
        b.add(train.users().id(u), train.items().id(train.itemAt(p)), v);
      }
    }
    EaseModel exact = Ease.of(dp.ridge(15), 100, false).fit(b.build(), FitListener.NONE);
    for (int j = 0; j < 15; j++) {
      for (int t = 0; t < 15; t++) {
        assertThat(model.weight(j, t)).isEqualTo(exact.weight(j, t));
      }
    }
    assertThat(zero.calls).containsExactly("analytic 1.0 2.0 1.0E-6 21");
  }

  @Test
  void gram_removeOneUser_changesByAtMostOneInL2() {
    int[][] rows = PrivacyAuditFixtures.randomRows(2, 40, 20, 12);
    InteractionMatrix data = PrivacyAuditFixtures.matrix(20, rows);
    double[][] full = boundedGram(data);
    for (int removed = 0; removed < rows.length; removed++) {
      double[][] neighbour = boundedGram(DpEaseIalsTestData.withoutUser(data, removed));
      double squares = 0;
      for (int i = 0; i < 20; i++) {
        for (int j = 0; j <= i; j++) {
          double d = full[i][j] - neighbour[i][j];
          squares += d * d;
        }
      }
      int k = rows[removed].length;
      double v2 = DpEase.rowValue(k, 1) * DpEase.rowValue(k, 1);
      // The change is v_k² on each of the k(k+1)/2 entries of her item pairs, no more.
      assertThat(squares).isEqualTo(v2 * v2 * k * (k + 1) / 2.0);
      assertThat(Math.sqrt(squares)).isLessThanOrEqualTo(1.0);
    }
  }

  private static double[][] boundedGram(InteractionMatrix m) {
    // m = 20 ≥ every row: bounding keeps every row, so neighbours stay neighbours exactly.
    BoundingRows rows = BoundingRows.sample(m, 20, TestRandoms.seeded("boundedGram"));
    return EaseSolver.gram(rows.pointers(), rows.items(), DpEase.rowValues(rows, 1), m.numItems(), FitListener.NONE,
        "gram", 0, 1);
  }

  @Test
  void lowRank_exactlyLowRankGram_matchesTheFullInverse() {
    // A = Σ_k λ_k u_k u_kᵀ with three orthonormal u_k in dimension 10 (rank 3, zero residual).
    int n = 10;
    double[][] u = new double[3][n];
    SplittableRandom r = new SplittableRandom(11);
    for (int k = 0; k < 3; k++) {
      for (int j = 0; j < n; j++) {
        u[k][j] = r.nextDouble() - 0.5;
      }
      for (int l = 0; l < k; l++) {
        double c = dot(u[k], u[l]);
        for (int j = 0; j < n; j++) {
          u[k][j] -= c * u[l][j];
        }
      }
      double norm = Math.sqrt(dot(u[k], u[k]));
      for (int j = 0; j < n; j++) {
        u[k][j] /= norm;
      }
    }
    double[] lambdas = {40, 15, 6};
    double[][] lower = new double[n][];
    for (int i = 0; i < n; i++) {
      lower[i] = new double[i + 1];
      for (int j = 0; j <= i; j++) {
        for (int k = 0; k < 3; k++) {
          lower[i][j] += lambdas[k] * u[k][i] * u[k][j];
        }
      }
    }
    double ridge = 2;
    GramLowRank lowRank = GramLowRank.of(lower, GramEigen.top(lower, 3, 4, 3, 1), ridge);
    assertThat(lowRank.rank()).isEqualTo(3);
    double[][] regularised = new double[n][];
    for (int i = 0; i < n; i++) {
      regularised[i] = lower[i].clone();
      regularised[i][i] += ridge;
    }
    float[] dense = EaseSolver.weights(regularised, FitListener.NONE, 0, 0.5, 1);
    float[] w = lowRank.factors();
    for (int j = 0; j < n; j++) {
      for (int t = 0; t < n; t++) {
        double b = 0;
        if (j != t) {
          for (int k = 0; k < 3; k++) {
            b += w[j * 3 + k] * w[t * 3 + k];
          }
          b /= lowRank.diagonal()[t];
        }
        assertThat(b).isCloseTo(dense[j * n + t], within(1e-4));
      }
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }

  @Test
  void fit_lowRank_scoresAreSumsOfWeights() {
    InteractionMatrix train = DpEaseIalsTestData.random(12, 90, 30, 8);
    DpEaseModel model = DpEase.builder().epsilon(3).rank(5).insecureRandomSourceForTesting(13).build()
        .fit(train, FitListener.NONE);
    assertThat(model.rank()).isBetween(1, 5);
    float[] scores = new float[30];
    for (int u = 0; u < 90; u += 11) {
      model.scoreUser(u, scores);
      for (int t = 0; t < 30; t++) {
        float sum = 0f;
        for (int j : train.rowItems(u)) {
          sum += model.weight(j, t);
        }
        assertThat(scores[t]).isCloseTo(sum, within(1e-4f * (1 + Math.abs(sum))));
      }
    }
  }

  @Test
  void rowValue_everyLength_hasTheStatedL2SensitivityAndIsNearlyTight() {
    for (int sensitivityItems : new int[] {1, 2, 5, 40}) {
      double pairsK = sensitivityItems * (sensitivityItems + 1) / 2.0;
      for (int k = 1; k <= 10_000; k += k < 1000 ? 1 : 997) {
        double v = DpEase.rowValue(k, sensitivityItems);
        double units = Math.scalb(v, 12);
        assertThat(units).isEqualTo(Math.rint(units));
        double pairs = k * (k + 1) / 2.0;
        // Her contribution to the triangle has squared L2 norm v⁴·k(k+1)/2 ≤ K(K+1)/2.
        assertThat(v * v * v * v * pairs).isLessThanOrEqualTo(pairsK);
        if (k <= sensitivityItems) {
          assertThat(v).isEqualTo(1.0);
        } else {
          // One more unit of 2⁻¹² would exceed the bound: the value is the largest allowed.
          double next = v + Math.scalb(1.0, -12);
          assertThat(next * next * next * next * pairs).isGreaterThan(pairsK);
        }
      }
    }
  }

  @Test
  void gram_sensitivityItemsThree_removeOneUserChangesByAtMostItsSensitivity() {
    int[][] rows = PrivacyAuditFixtures.randomRows(8, 30, 12, 9);
    InteractionMatrix data = PrivacyAuditFixtures.matrix(12, rows);
    DpEase dp = DpEase.builder().sensitivityItems(3).maxItemsPerUser(9).build();
    assertThat(dp.l2Sensitivity()).isEqualTo(Math.sqrt(6));
    double[][] full = gram(data, 3);
    for (int removed = 0; removed < rows.length; removed++) {
      double[][] neighbour = gram(DpEaseIalsTestData.withoutUser(data, removed), 3);
      double squares = 0;
      for (int i = 0; i < 12; i++) {
        for (int j = 0; j <= i; j++) {
          double d = full[i][j] - neighbour[i][j];
          squares += d * d;
        }
      }
      assertThat(Math.sqrt(squares)).isLessThanOrEqualTo(dp.l2Sensitivity());
    }
  }

  private static double[][] gram(InteractionMatrix m, int sensitivityItems) {
    BoundingRows rows = BoundingRows.sample(m, 9, TestRandoms.seeded("gram"));
    return EaseSolver.gram(rows.pointers(), rows.items(), DpEase.rowValues(rows, sensitivityItems), m.numItems(),
        FitListener.NONE, "gram", 0, 1);
  }

  @Test
  void fit_accountantWithoutEnoughBudget_throwsAndReleasesNothing() {
    DpEaseIalsTestData.ZeroNoise zero = new DpEaseIalsTestData.ZeroNoise();
    DpEase dp = DpEase.builder().epsilon(1).noiseForTesting(zero).build();
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(0.9, 1e-6));
    InteractionMatrix train = DpEaseIalsTestData.random(4, 20, 10, 4);

    assertThatThrownBy(() -> dp.fit(train, FitListener.NONE, accountant))
        .isInstanceOf(PrivacyBudgetExceededException.class);
    assertThat(accountant.ledger()).isEmpty();
    assertThat(zero.calls).isEmpty();
  }

  @Test
  void fit_tooManyItems_throwsWithoutCharging() {
    DpEase dp = DpEase.builder().maxItems(5).insecureRandomSourceForTesting(5).build();
    PrivacyAccountant accountant = PrivacyAccountant.create(dp.budget());
    InteractionMatrix train = DpEaseIalsTestData.random(5, 20, 10, 4);

    assertThatIllegalArgumentException().isThrownBy(() -> dp.fit(train, FitListener.NONE, accountant))
        .withMessageContaining("max-items");
    assertThat(accountant.ledger()).isEmpty();
  }

  @Test
  void fit_noisy_chargesOneEntryWithinBudgetAndScoresFinite() {
    DpEase dp = DpEase.builder().epsilon(0.5).delta(1e-7).insecureRandomSourceForTesting(6).build();
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(0.5, 1e-7));
    InteractionMatrix train = DpEaseIalsTestData.random(6, 80, 25, 8);

    DpEaseModel model = dp.fit(train, FitListener.NONE, accountant);

    assertThat(accountant.ledger()).hasSize(1);
    SpentBudget spent = accountant.spent();
    assertThat(spent.epsilon()).isLessThanOrEqualTo(0.5);
    assertThat(spent.delta()).isLessThanOrEqualTo(1e-7);
    float[] scores = new float[25];
    model.scoreUser(3, scores);
    float[] viaProfile = new float[25];
    model.scoreProfile(train.rowItems(3), train.rowWeights(3), viaProfile);
    assertThat(viaProfile).containsExactly(scores);
    for (float s : scores) {
      assertThat(Float.isFinite(s)).isTrue();
    }
    for (int t = 0; t < 25; t++) {
      assertThat(model.weight(t, t)).isZero();
    }
    Explanation e = model.explain(train.rowItems(3), train.rowWeights(3), 0, 3);
    float sum = 0f;
    for (int j : train.rowItems(3)) {
      sum += model.weight(j, 0);
    }
    assertThat(e.score()).isCloseTo(sum, within(1e-5f));
  }

  @Test
  void fit_sameInsecureSeed_isReproducible() {
    InteractionMatrix train = DpEaseIalsTestData.random(7, 50, 12, 6);
    DpEase dp = DpEase.builder().insecureRandomSourceForTesting(9).build();
    float[] a = dp.fit(train, FitListener.NONE).weights();
    float[] b = dp.fit(train, FitListener.NONE).weights();
    float[] c = DpEase.builder().insecureRandomSourceForTesting(10).build().fit(train, FitListener.NONE).weights();
    assertThat(a).containsExactly(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void builder_badValues_throwNamingTheParameter() {
    for (double bad : new double[] {Double.NaN, 0, -1, Double.POSITIVE_INFINITY}) {
      assertThatIllegalArgumentException().isThrownBy(() -> DpEase.builder().epsilon(bad))
          .withMessageContaining("epsilon").withMessageContaining("Provided value");
    }
    for (double bad : new double[] {Double.NaN, 0, -1e-6, 1}) {
      assertThatIllegalArgumentException().isThrownBy(() -> DpEase.builder().delta(bad)).withMessageContaining("delta");
    }
    assertThatIllegalArgumentException().isThrownBy(() -> DpEase.builder().maxItemsPerUser(0))
        .withMessageContaining("max-items-per-user");
    assertThatIllegalArgumentException().isThrownBy(() -> DpEase.builder().lambda(Double.NaN))
        .withMessageContaining("lambda");
    assertThatIllegalArgumentException().isThrownBy(() -> DpEase.builder().lambda(0).lambdaNoiseFactor(0).build())
        .withMessageContaining("ridge");
  }

  @Test
  void algorithms_create_readsParamsAndRejectsUnknownKeys() {
    Algorithm a = Algorithms.create("dp-ease", Map.of("epsilon", "5", "max-items-per-user", "30"));
    assertThat(a).isInstanceOf(DpEase.class);
    assertThat(((DpEase) a).budget()).isEqualTo(PrivacyBudget.of(5, 1e-6));
    assertThat(a.parameters()).containsEntry("max-items-per-user", "30").doesNotContainKey("random-source");
    assertThatIllegalArgumentException().isThrownBy(() -> Algorithms.create("dp-ease", Map.of("seed", "1")))
        .withMessageContaining("seed");
    assertThatIllegalArgumentException().isThrownBy(() -> Algorithms.create("dp-ease", Map.of("epsilon", "NaN")))
        .withMessageContaining("epsilon");
  }
}
