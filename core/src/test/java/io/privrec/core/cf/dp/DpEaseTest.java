package io.privrec.core.cf.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.privrec.core.cf.Algorithms;
import io.privrec.core.cf.Ease;
import io.privrec.core.cf.EaseModel;
import io.privrec.core.cf.dp.internal.BoundingRows;
import io.privrec.core.cf.dp.internal.GramEigen;
import io.privrec.core.cf.dp.internal.GramLowRank;
import io.privrec.core.cf.internal.EaseSolver;
import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Algorithm;
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
    DpEase dp = DpEase.builder().epsilon(2).maxItemsPerUser(6).rank(0).candidateThreshold(0).noiseForTesting(zero)
        .build();

    DpEaseModel model = dp.withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE);

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
    double[][] u = orthonormal(3, n, 11);
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

  @Test
  void offDiagonalEigen_dominantDiagonal_findsTheCoOccurrenceSubspace() {
    // A = 30·a·aᵀ + 12·b·bᵀ + D: a diagonal far above the co-occurrences on three items (as a
    // popular item's own count is) takes over the leading eigenpairs of A itself, not of its
    // off-diagonal part.
    int n = 40;
    double[][] basis = orthonormal(2, n, 17);
    double[] lambdas = {30, 12};
    double[][] lower = new double[n][];
    double[] lowRankDiagonal = new double[n];
    for (int i = 0; i < n; i++) {
      lower[i] = new double[i + 1];
      for (int j = 0; j <= i; j++) {
        for (int k = 0; k < 2; k++) {
          lower[i][j] += lambdas[k] * basis[k][i] * basis[k][j];
        }
      }
      lowRankDiagonal[i] = lower[i][i];
      lower[i][i] += i < 3 ? 60 : 0.5;
    }
    DpEase noiseless = DpEase.builder().epsilon(1e9).build();
    GramEigen deleted = noiseless.offDiagonalEigen(lower, 2);
    GramEigen plain = GramEigen.top(lower, 2, 4, 4, 1);
    assertThat(subspaceDistance(deleted, basis)).isLessThan(0.05);
    assertThat(subspaceDistance(plain, basis)).isGreaterThan(0.9);
    double[] explained = deleted.explainedDiagonal();
    for (int i = 0; i < n; i++) {
      assertThat(explained[i]).isCloseTo(lowRankDiagonal[i], within(0.1));
    }
    assertThatIllegalArgumentException().isThrownBy(() -> GramEigen.top(lower, new double[n - 1], 2, 4, 4, 1))
        .withMessageContaining("diagonal must have length 40");
  }

  /** {@code ‖QQᵀ − VVᵀ‖_F / √2}, 0 for the same subspace, up to 1 per missed direction. */
  private static double subspaceDistance(GramEigen eigen, double[][] basis) {
    int n = eigen.dimension();
    int r = eigen.rank();
    float[] v = eigen.vectors();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double d = 0;
        for (int k = 0; k < basis.length; k++) {
          d += basis[k][i] * basis[k][j];
        }
        for (int k = 0; k < r; k++) {
          d -= v[i * r + k] * v[j * r + k];
        }
        sum += d * d;
      }
    }
    return Math.sqrt(sum / 2);
  }

  private static double[][] orthonormal(int count, int n, long seed) {
    double[][] u = new double[count][n];
    SplittableRandom r = new SplittableRandom(seed);
    for (int k = 0; k < count; k++) {
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
    return u;
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
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE);
    assertThat(model.rank()).isBetween(1, 5);
    float[] scores = new float[30];
    for (int u = 0; u < 90; u += 11) {
      model.scoreProfile(train.rowItems(u), train.rowWeights(u), scores);
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
    // Her contribution to the triangle has squared L2 norm v⁴·k(k+1)/2 ≤ K(K+1)/2.
    assertLargestValuesWithinSensitivity(1, DpEase::rowValue, k -> k * (k + 1) / 2.0);
  }

  private interface ValueRule {
    double value(int k, int sensitivityItems);
  }

  /**
   * For K in {1, 2, 5, 40} and row lengths from {@code minK} to 10,000: the value is on the 2⁻¹²
   * grid, a user adding v² to {@code entries(k)} entries moves them by at most {@code √(K(K+1)/2)}
   * in L2, the value is 1 when 1 fits, and otherwise one more grid unit would exceed the bound.
   */
  private static void assertLargestValuesWithinSensitivity(int minK, ValueRule rule,
      java.util.function.IntToDoubleFunction entries) {
    assertLargestValuesWithinSensitivity(minK, rule, entries, 1, 2, 5, 40);
  }

  private static void assertLargestValuesWithinSensitivity(int minK, ValueRule rule,
      java.util.function.IntToDoubleFunction entries, int... sensitivityItemsValues) {
    for (int sensitivityItems : sensitivityItemsValues) {
      double pairsK = sensitivityItems * (sensitivityItems + 1) / 2.0;
      for (int k = minK; k <= 10_000; k += k < 1000 ? 1 : 997) {
        double v = rule.value(k, sensitivityItems);
        assertThat(Math.scalb(v, 12)).isEqualTo(Math.rint(Math.scalb(v, 12)));
        double n = entries.applyAsDouble(k);
        assertThat(v * v * v * v * n).isLessThanOrEqualTo(pairsK);
        if (n <= pairsK) {
          assertThat(v).isEqualTo(1.0);
        } else {
          double next = v + Math.scalb(1.0, -12);
          assertThat(next * next * next * next * n).isGreaterThan(pairsK);
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

    assertThatThrownBy(() -> dp
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE, accountant))
        .isInstanceOf(PrivacyBudgetExceededException.class);
    assertThat(accountant.ledger()).isEmpty();
    assertThat(zero.calls).isEmpty();
  }

  @Test
  void fit_tooManyItems_throwsWithoutCharging() {
    DpEase dp = DpEase.builder().maxItems(5).rank(0).insecureRandomSourceForTesting(5).build();
    PrivacyAccountant accountant = PrivacyAccountant.create(dp.budget());
    InteractionMatrix train = DpEaseIalsTestData.random(5, 20, 10, 4);

    assertThatIllegalArgumentException().isThrownBy(() -> dp
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE, accountant))
        .withMessageContaining("max-items");
    assertThat(accountant.ledger()).isEmpty();
  }

  @Test
  void fit_noisy_chargesOneEntryWithinBudgetAndScoresFinite() {
    DpEase dp = DpEase.builder().epsilon(0.5).delta(1e-7).insecureRandomSourceForTesting(6).build();
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(0.5, 1e-7));
    InteractionMatrix train = DpEaseIalsTestData.random(6, 80, 25, 8);

    DpEaseModel model = dp
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE, accountant);

    assertThat(accountant.ledger()).hasSize(1);
    SpentBudget spent = accountant.spent();
    assertThat(spent.epsilon()).isLessThanOrEqualTo(0.5);
    assertThat(spent.delta()).isLessThanOrEqualTo(1e-7);
    float[] scores = new float[25];
    model.scoreProfile(train.rowItems(3), train.rowWeights(3), scores);
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
    float[] a = dp.withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE).weights();
    float[] b = dp.withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE).weights();
    float[] c = DpEase.builder().insecureRandomSourceForTesting(10).build()
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE).weights();
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
  void lambdaNoiseFactor_defaultsByRank_andAnExplicitValueWins() {
    // The denoised matrix is positive semi-definite, the full noisy one needs a factor above 2.
    assertThat(DpEase.builder().build().parameters()).containsEntry("lambda-noise-factor", "0.5");
    assertThat(DpEase.builder().rank(0).build().parameters()).containsEntry("lambda-noise-factor", "8.0");
    assertThat(DpEase.builder().rank(0).lambdaNoiseFactor(3).build().parameters())
        .containsEntry("lambda-noise-factor", "3.0");
    assertThat(Algorithms.create("dp-ease", Map.of("rank", "0")).parameters())
        .containsEntry("lambda-noise-factor", "8.0");
    assertThat(Algorithms.create("dp-ease", Map.of("lambda-noise-factor", "2")).parameters())
        .containsEntry("lambda-noise-factor", "2.0");
    DpEase dense = DpEase.builder().rank(0).build();
    assertThat(dense.ridge(100)).isEqualTo(1 + 8 * dense.noiseStandardDeviation() * 10);
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

  @Test
  void fit_candidateSelection_spendsTheBudgetAsThreeGaussiansThatComposeToEpsilonDelta() {
    DpEaseIalsTestData.ZeroNoise zero = new DpEaseIalsTestData.ZeroNoise();
    DpEase dp = DpEase.builder().epsilon(2).maxItemsPerUser(6).selectionShare(0.25).diagonalShare(0.1)
        .noiseForTesting(zero).build();
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(2, 1e-6));

    dp
        .withCatalogue(PrivacyAuditFixtures.catalogue(15))
        .fit(DpEaseIalsTestData.random(14, 60, 15, 6), FitListener.NONE, accountant);

    // Gaussian noise multipliers zᵢ compose to (Σ zᵢ⁻²)^(−1/2) (Dong, Roth & Su 2022, Cor. 3.3):
    // with ρᵢ = 1/(2zᵢ²) the shares must add up to the analytic unit σ u of (ε, δ). Counts, then
    // the item pairs (K(K+1)/2 = 21 entries touched), then the diagonal.
    double u = io.privrec.dp.noise.GaussianCalibration.analyticSigma(1, 2, 1e-6);
    double rho = 1 / (2 * u * u);
    assertThat(zero.calls).containsExactly("zcdp 1.0 " + (0.25 * rho) + " 6", "zcdp 1.0 " + ((1 - 0.25 - 0.1) * rho)
        + " 21", "zcdp 1.0 " + (0.1 * rho) + " 6");
    assertThat(accountant.ledger()).hasSize(1);
    assertThat(accountant.spent().epsilon()).isEqualTo(2.0);
    assertThat(dp.noiseStandardDeviation()).isCloseTo(u / Math.sqrt(0.65), within(1e-9));
    assertThat(dp.selectionNoiseStandardDeviation()).isCloseTo(u / Math.sqrt(0.25), within(1e-9));
    assertThat(dp.diagonalNoiseStandardDeviation()).isCloseTo(u / Math.sqrt(0.1), within(1e-9));
  }

  @Test
  void build_selectionAndDiagonalSharesLeavingNothingForThePairs_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpEase.builder().selectionShare(0.6).diagonalShare(0.4).build())
        .withMessageContaining("selection-share + diagonal-share").withMessageContaining("below 1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DpEase.fromParams(Map.of("selection-share", "0.5", "diagonal-share", "0.7")))
        .withMessageContaining("diagonal-share");
  }

  /**
   * Customers who each hold one garment leave no co-purchase to learn: the denoising keeps no
   * eigenpair and B = 0. Every profile, with candidate items or not, is then ranked by the noisy
   * counts (before: every candidate scored 0 and the order was the index order).
   */
  @Test
  void scoreProfile_noEigenpairKept_ranksByNoisyCountsForEveryProfile() {
    int[][] rows = new int[600][];
    for (int u = 0; u < 600; u++) {
      rows[u] = new int[] {u % 40 < 20 ? u % 40 : (u % 40) % 7 + 20}; // items 20–26 more popular
    }
    InteractionMatrix train = PrivacyAuditFixtures.matrix(40, rows);
    DpEaseModel model = DpEase.builder().epsilon(50).candidateThreshold(1).insecureRandomSourceForTesting(8)
        .build().withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE);
    assertThat(model.rank()).isZero();
    assertThat(model.describedItems(model.candidates())).isZero(); // no eigenpair: every profile ranks alike
    float[] counts = model.noisyCounts();
    boolean[] isCandidate = candidateFlags(model);
    for (int[] profile : new int[][] {{model.candidates()[0]}, {3, 21}, {}}) {
      float[] scores = new float[40];
      model.scoreProfile(profile, ones(profile.length), scores);
      for (int c : model.candidates()) {
        assertThat(scores[c]).isEqualTo(counts[c]);
      }
      assertNonCandidatesBelowInNoisyCountOrder(scores, isCandidate, counts);
    }
    // Without candidate selection (low rank, rank < n): by the noisy diagonal through −P[t][t].
    DpEaseModel all = DpEase.builder().epsilon(50).candidateThreshold(0).rank(8).insecureRandomSourceForTesting(8)
        .build().withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE);
    assertThat(all.rank()).isZero();
    float[] scores = new float[40];
    all.scoreProfile(new int[] {0}, ones(1), scores);
    for (int popular = 20; popular < 27; popular++) {
      for (int rare = 0; rare < 20; rare++) {
        assertThat(scores[popular]).isGreaterThan(scores[rare]);
      }
    }
  }

  private static float[] ones(int n) {
    float[] w = new float[n];
    java.util.Arrays.fill(w, 1f);
    return w;
  }

  @Test
  void automaticThreshold_isTheDefault_growsWithTheReleasedCountMass_andIsClamped() {
    DpEase dp = DpEase.builder().epsilon(1).build();
    double sigmaC = dp.selectionNoiseStandardDeviation();
    int n = 1000;
    // Count mass A per item in units of σ_c: θ = 14·(A/2)^0.45, clamped to [4, 40].
    assertThat(dp.threshold(uniform(n, 2 * sigmaC))).isCloseTo(14, within(1e-9));
    assertThat(dp.threshold(uniform(n, 8 * sigmaC))).isCloseTo(14 * Math.pow(4, 0.45), within(1e-9));
    assertThat(dp.threshold(uniform(n, 0.5 * sigmaC))).isCloseTo(14 * Math.pow(0.25, 0.45), within(1e-9));
    assertThat(dp.threshold(uniform(n, 1e6 * sigmaC))).isEqualTo(40);
    assertThat(dp.threshold(uniform(n, 1e-6 * sigmaC))).isEqualTo(4);
    // A negative noisy total (tiny data) counts as no mass; so does an empty catalogue.
    assertThat(dp.threshold(uniform(n, -3 * sigmaC))).isEqualTo(4);
    assertThat(dp.threshold(new double[0])).isEqualTo(4);
    // Only the total matters, not how it is spread: the rule reads the release, nothing else.
    double[] skewed = uniform(n, 0);
    skewed[7] = n * 8 * sigmaC;
    assertThat(dp.threshold(skewed)).isCloseTo(dp.threshold(uniform(n, 8 * sigmaC)), within(1e-9));
    // The same θ at another ε for the same mass in noise units: σ_c scales with 1/ε.
    DpEase five = DpEase.builder().epsilon(5).build();
    assertThat(five.threshold(uniform(n, 8 * five.selectionNoiseStandardDeviation())))
        .isCloseTo(14 * Math.pow(4, 0.45), within(1e-9));
    // A fixed θ ignores the counts.
    assertThat(DpEase.builder().candidateThreshold(9).build().threshold(uniform(n, 8 * sigmaC))).isEqualTo(9);
  }

  @Test
  void automaticThreshold_selectsTheItemsAboveTheRulesThreshold() {
    DpEase dp = DpEase.builder().epsilon(1).build();
    int n = 200;
    double[] counts = uniform(n, 0);
    // Mass A = 4 per item in noise units: θ = 14·2^0.45.
    double total = 4 * n * dp.selectionNoiseStandardDeviation();
    double cut = 14 * Math.pow(2, 0.45) * dp.noiseStandardDeviation();
    for (int i = 0; i < 50; i++) {
      counts[i] = cut * (1 + 1e-9);
    }
    counts[199] = total - 50 * counts[0]; // keeps the total; item 199 clears the cut by far
    assertThat(counts[199]).isGreaterThan(cut);
    int[] expected = new int[51];
    for (int i = 0; i < 50; i++) {
      expected[i] = i;
    }
    expected[50] = 199;
    assertThat(dp.candidates(counts)).containsExactly(expected);
  }

  @Test
  void candidateThresholdParameter_autoOrNumber_roundTripsThroughTheParameters() {
    assertThat(DpEase.builder().build().parameters()).containsEntry("candidate-threshold", "auto");
    assertThat(DpEase.fromParams(Map.of("candidate-threshold", "auto")).parameters())
        .containsEntry("candidate-threshold", "auto");
    assertThat(DpEase.fromParams(Map.of("candidate-threshold", "28")).parameters())
        .containsEntry("candidate-threshold", "28.0");
    assertThat(DpEase.fromParams(Map.of("candidate-threshold", "0")).parameters())
        .containsEntry("candidate-threshold", "0.0");
    assertThat(DpEase.builder().candidateThreshold(3).automaticCandidateThreshold().build().parameters())
        .containsEntry("candidate-threshold", "auto");
    assertThatIllegalArgumentException().isThrownBy(() -> DpEase.fromParams(Map.of("candidate-threshold", "high")))
        .withMessageContaining("candidate-threshold").withMessageContaining("auto").withMessageContaining("high");
    assertThatIllegalArgumentException().isThrownBy(() -> DpEase.fromParams(Map.of("candidate-threshold", "-1")))
        .withMessageContaining("candidate-threshold").withMessageContaining("[0, 1e6]");
  }

  private static double[] uniform(int n, double value) {
    double[] c = new double[n];
    java.util.Arrays.fill(c, value);
    return c;
  }

  @Test
  void candidates_thresholdInNoiseUnits_keepsItemsAboveOrTheBestMinimum() {
    DpEase dp = DpEase.builder().epsilon(1).candidateThreshold(2).build();
    double threshold = 2 * dp.noiseStandardDeviation();
    double[] counts = new double[100];
    for (int i = 0; i < 100; i++) {
      counts[i] = i < 40 ? threshold + i : threshold - 1 - i; // items 0..39 clear the threshold
    }
    assertThat(dp.candidates(counts)).containsExactly(java.util.stream.IntStream.range(0, 40).toArray());
    // Only five clear it: the 32 best noisy counts are kept instead, in increasing item order.
    double[] few = new double[100];
    for (int i = 0; i < 100; i++) {
      few[i] = (i % 20 == 0 ? threshold : 0) + 1e-3 * i;
    }
    int[] chosen = dp.candidates(few);
    assertThat(chosen).hasSize(32).isSorted();
    assertThat(chosen).contains(0, 20, 40, 60, 80).contains(java.util.stream.IntStream.range(81, 100).toArray());
  }

  @Test
  void offDiagonalValue_everyLength_hasTheStatedL2SensitivityAndIsNearlyTight() {
    // Only her k(k−1)/2 item pairs are released: v⁴·k(k−1)/2 ≤ K(K+1)/2.
    assertLargestValuesWithinSensitivity(2, DpEase::offDiagonalValue, k -> k * (k - 1) / 2.0);
    assertThat(DpEase.offDiagonalValue(2, 1)).isEqualTo(1.0); // one pair: full weight
  }

  @Test
  void countValue_everyLength_hasL2SensitivityOneAndIsNearlyTight() {
    // k counts move by c² each: c⁴·k ≤ 1, and the next grid value would break it.
    assertLargestValuesWithinSensitivity(1, (k, sensitivityItems) -> DpEase.countValue(k), k -> k, 1);
    assertThat(DpEase.countValue(1)).isEqualTo(1.0);
    // Her whole unit of sensitivity: about 1/√k per item, against about √2/k for the Gram values.
    assertThat(DpEase.countValue(100) * DpEase.countValue(100)).isCloseTo(0.1, within(1e-3));
  }

  @Test
  void noisyCandidateGram_zeroNoise_isThePairGramOfTheCandidatesWithItsOwnDiagonal() {
    int[][] rows = PrivacyAuditFixtures.randomRows(15, 40, 20, 12);
    InteractionMatrix data = PrivacyAuditFixtures.matrix(20, rows);
    DpEase dp = DpEase.builder().epsilon(1).maxItemsPerUser(20).build();
    DpEaseIalsTestData.ZeroNoise zero = new DpEaseIalsTestData.ZeroNoise();
    BoundingRows bounded = BoundingRows.sample(data, 20, TestRandoms.seeded("candidateGram"));
    double[] counts = dp.noisyCandidateCounts(bounded, zero);
    int[] candidates = {1, 4, 5, 9, 13, 17};
    double[][] gram = dp.noisyCandidateGram(bounded, candidates, zero, FitListener.NONE);

    double[][] expected = new double[6][6];
    double[] expectedCounts = new double[20];
    for (int[] row : rows) {
      double v = DpEase.countValue(row.length);
      java.util.List<Integer> kept = new java.util.ArrayList<>();
      for (int item : row) {
        expectedCounts[item] += v * v;
        int c = java.util.Arrays.binarySearch(candidates, item);
        if (c >= 0) {
          kept.add(c);
        }
      }
      double w = DpEase.offDiagonalValue(kept.size(), 1);
      double d = DpEase.rowValue(kept.size(), 1);
      for (int a : kept) {
        expected[a][a] += d * d;
        for (int b : kept) {
          if (a != b) {
            expected[a][b] += w * w;
          }
        }
      }
    }
    assertThat(counts).containsExactly(expectedCounts, within(1e-12));
    for (int a = 0; a < 6; a++) {
      for (int b = 0; b <= a; b++) {
        assertThat(gram[a][b]).isCloseTo(expected[a][b], within(1e-12));
      }
    }
  }

  @Test
  void candidateGram_removeOneUser_pairsAndDiagonalChangeByAtMostTheirSensitivities() {
    int[][] rows = PrivacyAuditFixtures.randomRows(16, 40, 12, 10);
    InteractionMatrix data = PrivacyAuditFixtures.matrix(12, rows);
    DpEase dp = DpEase.builder().epsilon(1).maxItemsPerUser(12).build();
    int[] candidates = {0, 2, 3, 5, 6, 7, 8, 11};
    double[][] full = pairGram(dp, data, candidates);
    for (int removed = 0; removed < rows.length; removed++) {
      double[][] neighbour = pairGram(dp, DpEaseIalsTestData.withoutUser(data, removed), candidates);
      double squares = 0;
      double diagonalSquares = 0;
      for (int a = 0; a < candidates.length; a++) {
        for (int b = 0; b < a; b++) {
          double d = full[a][b] - neighbour[a][b];
          squares += d * d;
        }
        diagonalSquares += (full[a][a] - neighbour[a][a]) * (full[a][a] - neighbour[a][a]);
      }
      assertThat(Math.sqrt(squares)).isLessThanOrEqualTo(dp.l2Sensitivity());
      assertThat(Math.sqrt(diagonalSquares)).isLessThanOrEqualTo(1); // the diagonal's own release
    }
  }

  private static double[][] pairGram(DpEase dp, InteractionMatrix m, int[] candidates) {
    DpEaseIalsTestData.ZeroNoise zero = new DpEaseIalsTestData.ZeroNoise();
    BoundingRows rows = BoundingRows.sample(m, 12, TestRandoms.seeded("pairGram"));
    return dp.noisyCandidateGram(rows, candidates, zero, FitListener.NONE);
  }

  @Test
  void fit_candidates_profilesWithoutCandidatesGetTheNoisyCountRanking() {
    // 80 items, 36 users on items 0..9 only: with a high threshold the 32 best counts are kept.
    int[][] rows = new int[60][];
    SplittableRandom r = new SplittableRandom(17);
    for (int u = 0; u < 60; u++) {
      rows[u] = u < 36 ? new int[] {r.nextInt(10), 10 + r.nextInt(10)} : new int[] {20 + u};
    }
    InteractionMatrix train = PrivacyAuditFixtures.matrix(80, rows);
    DpEaseModel model = DpEase.builder().epsilon(5).rank(4).candidateThreshold(1e6).insecureRandomSourceForTesting(3)
        .build().withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE);
    int[] candidates = model.candidates();
    assertThat(candidates).hasSize(32);
    boolean[] isCandidate = candidateFlags(model);
    int outside = firstNonCandidate(isCandidate);
    float[] scores = new float[80];
    model.scoreProfile(new int[] {outside}, new float[] {1f}, scores);
    float[] counts = model.noisyCounts();
    assertThat(counts).hasSize(80);
    for (int c : candidates) {
      assertThat(scores[c]).isEqualTo(counts[c]); // no candidate in the profile: the noisy-count ranking
    }
    assertNonCandidatesBelowInNoisyCountOrder(scores, isCandidate, counts);
    model.scoreProfile(train.rowItems(0), train.rowWeights(0), scores);
    assertNonCandidatesBelowInNoisyCountOrder(scores, isCandidate, counts);
  }

  /**
   * A fitted model describes exactly the candidates of a profile: its other items add nothing to
   * the profile's scores. Without candidate selection it describes every item.
   */
  @Test
  void describedItems_countsTheProfilesCandidates() {
    InteractionMatrix train = DpEaseIalsTestData.random(5, 400, 60, 8);
    DpEaseModel model = DpEase.builder().epsilon(1000).rank(4).candidateThreshold(1e6)
        .noiseForTesting(new DpEaseIalsTestData.ZeroNoise()).build()
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE);
    assertThat(model.rank()).isPositive();
    int[] candidates = model.candidates();
    assertThat(candidates).hasSize(32);
    int outside = firstNonCandidate(candidateFlags(model));
    assertThat(model.describedItems(new int[] {outside})).isZero();
    assertThat(model.describedItems(new int[] {candidates[0], outside, candidates[5]})).isEqualTo(2);
    assertThat(model.describedItems(candidates)).isEqualTo(32);
    assertThat(model.describedItems(new int[0])).isZero();
    // Adding a non-candidate to a profile leaves its scores as they were.
    float[] with = new float[60];
    float[] without = new float[60];
    model.scoreProfile(new int[] {candidates[0], outside}, ones(2), with);
    model.scoreProfile(new int[] {candidates[0]}, ones(1), without);
    assertThat(with).containsExactly(without);

    DpEaseModel all = DpEase.builder().epsilon(1000).rank(4).candidateThreshold(0)
        .noiseForTesting(new DpEaseIalsTestData.ZeroNoise()).build()
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE);
    assertThat(all.rank()).isPositive();
    assertThat(all.describedItems(new int[] {outside, candidates[0], 59})).isEqualTo(3);
  }

  /** Per catalogue item: whether it is one of the model's candidates. */
  private static boolean[] candidateFlags(DpEaseModel model) {
    boolean[] isCandidate = new boolean[model.numItems()];
    for (int c : model.candidates()) {
      isCandidate[c] = true;
    }
    return isCandidate;
  }

  /** The lowest index that is not a candidate (the test data must have one). */
  private static int firstNonCandidate(boolean[] isCandidate) {
    int outside = 0;
    while (isCandidate[outside]) {
      outside++;
    }
    return outside;
  }

  /** Every score finite; non-candidates strictly below every candidate, ordered by noisy count. */
  private static void assertNonCandidatesBelowInNoisyCountOrder(float[] scores, boolean[] isCandidate,
      float[] counts) {
    float lowestCandidate = Float.POSITIVE_INFINITY;
    for (int t = 0; t < scores.length; t++) {
      assertThat(scores[t]).isFinite();
      if (isCandidate[t]) {
        lowestCandidate = Math.min(lowestCandidate, scores[t]);
      }
    }
    for (int a = 0; a < scores.length; a++) {
      if (isCandidate[a]) {
        continue;
      }
      assertThat(scores[a]).isLessThan(lowestCandidate);
      for (int b = 0; b < scores.length; b++) {
        if (!isCandidate[b] && counts[a] > counts[b]) {
          assertThat(scores[a]).isGreaterThan(scores[b]);
        }
      }
    }
  }

  @Test
  void spikedShrinkage_keepsPairsAboveTheEdgeAndShrinksThem() {
    int n = 50;
    double[][] lower = new double[n][];
    for (int i = 0; i < n; i++) {
      lower[i] = new double[i + 1];
    }
    // Eigenvalues 400, 100 and 10 on unit coordinate vectors; noise σ = 2 has its edge at 2σ√n ≈ 28.3.
    lower[0][0] = 400;
    lower[1][1] = 100;
    lower[2][2] = 10;
    GramEigen shrunk = GramEigen.top(lower, 3, 4, 3, 1).spikedShrinkage(2, 1.05);
    assertThat(shrunk.rank()).isEqualTo(2);
    for (int k = 0; k < 2; k++) {
      double y = k == 0 ? 400 : 100;
      double theta = (y + Math.sqrt(y * y - 4 * n * 4)) / 2;
      assertThat(shrunk.values()[k]).isCloseTo(theta * (1 - n * 4 / (theta * theta)), within(1e-6 * y));
      assertThat(shrunk.values()[k]).isLessThan(y);
    }
    assertThat(GramEigen.top(lower, 3, 4, 3, 1).spikedShrinkage(0, 1).values()).containsExactly(new double[] {400,
        100, 10}, within(1e-4)); // rank 3 in a search space of 7: no repeated direction inflates them
    assertThatIllegalArgumentException().isThrownBy(() -> GramEigen.top(lower, 3, 4, 3, 1).spikedShrinkage(-1, 1))
        .withMessageContaining("noiseSd");
  }

  @Test
  void fit_tinyAndEmptyData_givesFiniteScoresForEveryItem() {
    int[][][] datasets = {{{0}}, {{0}, {}}, {{}, {}}, {{0, 1}, {1}}};
    for (int[][] rows : datasets) {
      int items = rows.length == 2 && rows[0].length == 2 ? 2 : 1;
      InteractionMatrix train = PrivacyAuditFixtures.matrix(items, rows);
      for (int rank : new int[] {0, 4}) {
        DpEaseModel model = DpEase.builder().epsilon(1).rank(rank).insecureRandomSourceForTesting(21).build()
            .withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE);
        assertThat(model.candidates()).hasSize(items);
        float[] scores = new float[items];
        for (int u = 0; u < train.numUsers(); u++) {
          model.scoreProfile(train.rowItems(u), train.rowWeights(u), scores);
          for (float x : scores) {
            assertThat(x).isFinite();
          }
        }
      }
    }
  }

  @Test
  void fit_selectionWithRank_acceptsCataloguesAboveMaxItemsAndKeepsAtMostMaxItemsCandidates() {
    InteractionMatrix train = DpEaseIalsTestData.random(23, 200, 60, 8);
    DpEaseModel model = DpEase.builder().epsilon(5).maxItems(12).candidateThreshold(0.01).rank(4)
        .insecureRandomSourceForTesting(24).build()
            .withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE);
    assertThat(model.numItems()).isEqualTo(60);
    assertThat(model.candidates()).hasSize(12);
    // A rank above the number of candidates keeps the low-rank form (no dense 60 × 60 weights).
    DpEaseModel full = DpEase.builder().epsilon(5).maxItems(12).candidateThreshold(0.01).rank(50)
        .insecureRandomSourceForTesting(24).build()
            .withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE);
    assertThat(full.rank()).isBetween(1, 12);
    DpEase withoutSelection = DpEase.builder().maxItems(12).candidateThreshold(0).insecureRandomSourceForTesting(24)
        .build();
    assertThatIllegalArgumentException().isThrownBy(() -> withoutSelection
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE))
        .withMessageContaining("max-items = 12");
  }

  @Test
  void candidateCounts_removeOneUser_changesByAtMostOneInL2() {
    int[][] rows = PrivacyAuditFixtures.randomRows(25, 40, 12, 10);
    InteractionMatrix data = PrivacyAuditFixtures.matrix(12, rows);
    DpEase dp = DpEase.builder().epsilon(1).maxItemsPerUser(12).build();
    double[] full = zeroNoiseCounts(dp, data);
    for (int removed = 0; removed < rows.length; removed++) {
      double[] neighbour = zeroNoiseCounts(dp, DpEaseIalsTestData.withoutUser(data, removed));
      double squares = 0;
      for (int i = 0; i < 12; i++) {
        squares += (full[i] - neighbour[i]) * (full[i] - neighbour[i]);
      }
      int k = rows[removed].length;
      // k counts move by c_k² each, c_k⁴·k ≤ 1: the sensitivity the noise is calibrated for, and
      // nearly all of it (the next grid value of c_k would exceed it).
      assertThat(Math.sqrt(squares)).isLessThanOrEqualTo(k == 0 ? 0 : 1);
      if (k > 0) {
        assertThat(Math.sqrt(squares)).isGreaterThan(0.99);
      }
    }
  }

  private static double[] zeroNoiseCounts(DpEase dp, InteractionMatrix m) {
    BoundingRows rows = BoundingRows.sample(m, 12, TestRandoms.seeded("counts"));
    return dp.noisyCandidateCounts(rows, new DpEaseIalsTestData.ZeroNoise());
  }
}
