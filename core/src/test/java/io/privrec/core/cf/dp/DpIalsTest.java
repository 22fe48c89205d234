package io.privrec.core.cf.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.privrec.core.cf.Algorithms;
import io.privrec.core.cf.dp.internal.BoundingRows;
import io.privrec.core.cf.dp.internal.PrivateAlsStatistics;
import io.privrec.core.cf.internal.IalsSolver;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.Explanation;
import io.privrec.core.model.FitListener;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.budget.PrivacyBudgetExceededException;
import io.privrec.dp.budget.SpentBudget;
import io.privrec.dp.testing.TestRandoms;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DpIalsTest {
  private static final int F = 4;

  /** Random user factors with norms spread around 1, so clipping at C = 1 is active for some. */
  private static float[] factors(long seed, int rows) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[rows * F];
    for (int e = 0; e < x.length; e++) {
      x[e] = (float) (r.nextDouble() * 1.2 - 0.6);
    }
    return x;
  }

  @Test
  void statistics_matchDirectSumsOfClippedWeightedFactors() {
    int[][] data = PrivacyAuditFixtures.randomRows(1, 30, 8, 5);
    BoundingRows rows = BoundingRows.sample(PrivacyAuditFixtures.matrix(8, data), 5, TestRandoms.seeded("stats"));
    float[] x = factors(2, 30);
    PrivateAlsStatistics s = PrivateAlsStatistics.compute(rows, x, F, 1.0, true);
    double[] g = new double[F * (F + 1) / 2];
    double[][] gi = new double[8][F * (F + 1) / 2];
    double[][] t = new double[8][F];
    for (int u = 0; u < 30; u++) {
      double norm = 0;
      for (int a = 0; a < F; a++) {
        norm += x[u * F + a] * (double) x[u * F + a];
      }
      double scale = Math.min(1, 1 / Math.sqrt(norm));
      double w = 1 / Math.sqrt(data[u].length);
      for (int a = 0; a < F; a++) {
        for (int b = a; b < F; b++) {
          double xab = scale * x[u * F + a] * scale * x[u * F + b];
          g[PrivateAlsStatistics.upper(a, b, F)] += xab;
          for (int i : data[u]) {
            gi[i][PrivateAlsStatistics.upper(a, b, F)] += w * xab;
          }
        }
        for (int i : data[u]) {
          t[i][a] += w * scale * x[u * F + a];
        }
      }
    }
    // Each of at most 30 terms is truncated by less than 2⁻²⁴ (plus a relative 2⁻³⁰).
    double tol = 30 * Math.scalb(1.0, -23);
    for (int e = 0; e < g.length; e++) {
      assertThat(s.userGram()[e]).isCloseTo(g[e], within(tol));
    }
    for (int i = 0; i < 8; i++) {
      for (int e = 0; e < gi[i].length; e++) {
        assertThat(s.itemGrams()[i][e]).isCloseTo(gi[i][e], within(tol));
      }
      for (int a = 0; a < F; a++) {
        assertThat(s.itemSums()[i][a]).isCloseTo(t[i][a], within(tol));
      }
    }
  }

  @Test
  void statistics_anyUserBlock_equalPreviousItemByItemSums() {
    int[][] data = PrivacyAuditFixtures.randomRows(5, 70, 12, 9);
    BoundingRows rows = BoundingRows.sample(PrivacyAuditFixtures.matrix(12, data), 6, TestRandoms.seeded("blocks"));
    float[] x = factors(6, 70);
    Statistics expected = previousStatistics(rows, x, 0.8);
    for (int block : new int[] {0, 1, 3, 16, 69, 70, 500}) {
      PrivateAlsStatistics s = PrivateAlsStatistics.compute(rows, x, F, 0.8, true, block);
      // Sums of integers in units of 2⁻²⁴, exact in double: equal, not merely close.
      assertThat(s.userGram()).as("block %d", block).containsExactly(expected.userGram());
      for (int i = 0; i < 12; i++) {
        assertThat(s.itemGrams()[i]).as("block %d item %d", block, i).containsExactly(expected.itemGrams()[i]);
        assertThat(s.itemSums()[i]).as("block %d item %d", block, i).containsExactly(expected.itemSums()[i]);
      }
    }
    assertThat(PrivateAlsStatistics.compute(rows, x, F, 0.8, false, 5).itemSums()[3])
        .containsExactly(expected.itemSums()[3]);
  }

  /**
   * The statistics as computed before the per-user terms were shared between a user's items: each
   * item adds the truncated term of every user holding it, one by one.
   */
  private static Statistics previousStatistics(BoundingRows rows, float[] x, double clip) {
    double units = Math.scalb(1.0, 24) * (1 - Math.scalb(1.0, -30));
    int tri = F * (F + 1) / 2;
    int[] ptr = rows.pointers();
    double[] g = new double[tri];
    double[][] gi = new double[rows.numItems()][tri];
    double[][] t = new double[rows.numItems()][F];
    for (int u = 0; u < rows.numUsers(); u++) {
      double[] v = new double[F];
      for (int a = 0; a < F; a++) {
        v[a] = x[u * F + a];
      }
      double[] c = io.privrec.dp.bounding.VectorClipping.clipL2(v, clip);
      double w = 1 / Math.sqrt(ptr[u + 1] - ptr[u]);
      for (int a = 0; a < F; a++) {
        for (int b = a; b < F; b++) {
          g[PrivateAlsStatistics.upper(a, b, F)] += (double) (long) (1.0 * c[a] * c[b] * units);
        }
      }
      for (int p = ptr[u]; p < ptr[u + 1]; p++) {
        int i = rows.items()[p];
        for (int a = 0; a < F; a++) {
          t[i][a] += (double) (long) (w * c[a] * units);
          for (int b = a; b < F; b++) {
            gi[i][PrivateAlsStatistics.upper(a, b, F)] += (double) (long) (w * c[a] * c[b] * units);
          }
        }
      }
    }
    double unit = Math.scalb(1.0, -24);
    for (int e = 0; e < tri; e++) {
      g[e] *= unit;
    }
    for (int i = 0; i < gi.length; i++) {
      for (int e = 0; e < tri; e++) {
        gi[i][e] *= unit;
      }
      for (int a = 0; a < F; a++) {
        t[i][a] *= unit;
      }
    }
    return new Statistics(g, gi, t);
  }

  private record Statistics(double[] userGram, double[][] itemGrams, double[][] itemSums) {}

  @Test
  void statistics_removeOneUser_changeWithinStatedSensitivities() {
    int[][] data = PrivacyAuditFixtures.randomRows(3, 25, 10, 10);
    float[] x = factors(4, 25);
    for (double clip : new double[] {0.3, 1.0, 2.5}) {
      PrivateAlsStatistics full = stats(data, x, clip);
      for (int removed = 0; removed < data.length; removed++) {
        // The other users' factors are the same on both sides (they depend only on their own data and
        // earlier releases); the removed user's row is empty, so she contributes nothing.
        int[][] without = data.clone();
        without[removed] = new int[0];
        PrivateAlsStatistics neighbour = stats(without, x, clip);
        double c2 = clip * clip;
        assertThat(distance(new double[][] {full.userGram()}, new double[][] {neighbour.userGram()}))
            .isLessThanOrEqualTo(c2);
        assertThat(distance(full.itemGrams(), neighbour.itemGrams())).isLessThanOrEqualTo(c2);
        assertThat(distance(full.itemSums(), neighbour.itemSums())).isLessThanOrEqualTo(clip);
      }
    }
  }

  private static PrivateAlsStatistics stats(int[][] data, float[] x, double clip) {
    // m = 10 ≥ every row: bounding is the identity.
    BoundingRows rows = BoundingRows.sample(PrivacyAuditFixtures.matrix(10, data), 10, TestRandoms.seeded("n"));
    float[] factors = x.clone();
    for (int u = 0; u < data.length; u++) {
      if (data[u].length == 0) {
        Arrays.fill(factors, u * F, (u + 1) * F, 0f); // an empty row solves to 0 in ALS
      }
    }
    return PrivateAlsStatistics.compute(rows, factors, F, clip, true);
  }

  private static double distance(double[][] a, double[][] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      for (int e = 0; e < a[i].length; e++) {
        double d = a[i][e] - b[i][e];
        s += d * d;
      }
    }
    return Math.sqrt(s);
  }

  @Test
  void fit_zeroNoise_equalsExactAlsStepOnBoundedData() {
    InteractionMatrix train = DpEaseIalsTestData.random(5, 60, 12, 6);
    DpEaseIalsTestData.ZeroNoise zero = new DpEaseIalsTestData.ZeroNoise();
    DpIals dp = DpIals.builder().factors(F).iterations(1).maxItemsPerUser(6).threads(1).noiseForTesting(zero).build();

    DpIalsModel model = dp.withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE);

    BoundingRows rows = BoundingRows.sample(train, 6, TestRandoms.seeded("zero"));
    float[] items = dp.initialItemFactors(12);
    float[] users = new float[60 * F];
    IalsSolver s = new IalsSolver(F, dp.alpha(), dp.lambda(), dp.regExponent(), 1);
    IalsSolver.Csr csr = new IalsSolver.Csr(rows.pointers(), rows.items(), dp.confidences(rows.pointers()), 12);
    s.halfStep(csr, items, s.gram(items, 12), users, dp.cgSteps(), null, 12);
    PrivateAlsStatistics exact = PrivateAlsStatistics.compute(rows, users, F, 1.0, true);
    double[] rho = dp.rhoPerIteration();
    dp.solveItems(exact, dp.noiseRidge(1 / Math.sqrt(2 * rho[0]), 1 / Math.sqrt(2 * rho[1])), items);
    assertThat(model.itemFactors()).containsExactly(items);
    long tri = F * (F + 1) / 2;
    assertThat(zero.calls).containsExactly("zcdp 1.0 " + rho[0] + " " + tri, "zcdp 1.0 " + rho[1] + " " + 6 * tri,
        "zcdp 1.0 " + rho[2] + " " + 6 * F);
  }

  @Test
  void solveItems_solvesTheRidgedNormalEquations() {
    int[][] data = PrivacyAuditFixtures.randomRows(6, 40, 9, 5);
    BoundingRows rows = BoundingRows.sample(PrivacyAuditFixtures.matrix(9, data), 5, TestRandoms.seeded("solve"));
    PrivateAlsStatistics s = PrivateAlsStatistics.compute(rows, factors(7, 40), F, 1.0, true);
    DpIals dp = DpIals.builder().factors(F).alpha(3).build();
    float[] y = new float[9 * F];
    dp.solveItems(s, 0.5, y);
    for (int i = 0; i < 9; i++) {
      // r = α·t_i − (G + α·S_i)·y_i must equal reg_i·y_i for one ridge reg_i ≥ the noise term 0.5.
      double[] r = new double[F];
      for (int a = 0; a < F; a++) {
        r[a] = 3 * s.itemSums()[i][a];
        for (int b = 0; b < F; b++) {
          int e = PrivateAlsStatistics.upper(Math.min(a, b), Math.max(a, b), F);
          r[a] -= (s.userGram()[e] + 3 * s.itemGrams()[i][e]) * y[i * F + b];
        }
      }
      double ridge = r[0] / y[i * F];
      assertThat(ridge).isGreaterThanOrEqualTo(0.5);
      for (int a = 0; a < F; a++) {
        assertThat(r[a]).isCloseTo(ridge * y[i * F + a], within(1e-4 * (1 + Math.abs(r[a]))));
      }
    }
  }

  @Test
  void fit_accountantWithoutEnoughBudget_throwsAndReleasesNothing() {
    DpEaseIalsTestData.ZeroNoise zero = new DpEaseIalsTestData.ZeroNoise();
    DpIals dp = DpIals.builder().epsilon(2).factors(F).noiseForTesting(zero).build();
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(1.9, 1e-6));

    assertThatThrownBy(() -> dp
        .withCatalogue(PrivacyAuditFixtures.catalogue(10))
        .fit(DpEaseIalsTestData.random(8, 20, 10, 4), FitListener.NONE, accountant))
        .isInstanceOf(PrivacyBudgetExceededException.class);
    assertThat(accountant.ledger()).isEmpty();
    assertThat(zero.calls).isEmpty();
  }

  @Test
  void fit_chargesThreeGaussiansPerIterationComposingWithinTheBudget() {
    DpIals dp = DpIals.builder().epsilon(2).delta(1e-7).factors(F).iterations(4).insecureRandomSourceForTesting(9).build();
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(2, 1e-7));

    dp
        .withCatalogue(PrivacyAuditFixtures.catalogue(15))
        .fit(DpEaseIalsTestData.random(9, 50, 15, 6), FitListener.NONE, accountant);

    assertThat(accountant.ledger()).hasSize(12);
    SpentBudget spent = accountant.spent();
    assertThat(spent.epsilon()).isLessThanOrEqualTo(2.0).isGreaterThan(1.99);
    assertThat(spent.delta()).isLessThanOrEqualTo(1e-7);
  }

  @Test
  void fit_withoutItemGrams_releasesTwoStatisticsPerIteration() {
    DpEaseIalsTestData.ZeroNoise zero = new DpEaseIalsTestData.ZeroNoise();
    DpIals dp = DpIals.builder().factors(F).iterations(2).budgetShares(0.1, 0).noiseForTesting(zero).build();
    PrivacyAccountant accountant = PrivacyAccountant.create(dp.budget());

    dp
        .withCatalogue(PrivacyAuditFixtures.catalogue(10))
        .fit(DpEaseIalsTestData.random(10, 30, 10, 4), FitListener.NONE, accountant);

    assertThat(accountant.ledger()).hasSize(4);
    // User Grams touch f(f+1)/2 entries, item sums m·f; item Grams (m·f(f+1)/2) are absent.
    assertThat(zero.calls).hasSize(4)
        .allMatch(c -> c.endsWith(" " + F * (F + 1) / 2) || c.endsWith(" " + DpIals.DEFAULT_MAX_ITEMS_PER_USER * F));
  }

  @Test
  void fit_noisy_scoresOwnRowByFoldIn() {
    InteractionMatrix train = DpEaseIalsTestData.random(11, 80, 20, 8);
    DpIalsModel model = DpIals.builder().factors(F).insecureRandomSourceForTesting(12).build()
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE);
    float[] items = model.itemFactors();
    float[] folded = new float[20];
    for (int u = 0; u < 80; u += 7) {
      float[] x = model.foldIn(train.rowItems(u), train.rowWeights(u));
      model.scoreProfile(train.rowItems(u), train.rowWeights(u), folded);
      for (int i = 0; i < 20; i++) {
        float dot = 0f;
        for (int d = 0; d < F; d++) {
          dot += x[d] * items[i * F + d];
        }
        assertThat(Float.isFinite(folded[i])).isTrue();
        assertThat(folded[i]).isCloseTo(dot, within(1e-5f * (1 + Math.abs(dot))));
      }
    }
  }

  @Test
  void fit_sameInsecureSeed_isReproducible() {
    InteractionMatrix train = DpEaseIalsTestData.random(13, 50, 12, 6);
    DpIals dp = DpIals.builder().factors(F).insecureRandomSourceForTesting(14).build()
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(train));
    assertThat(dp.fit(train, FitListener.NONE).itemFactors())
        .containsExactly(dp.fit(train, FitListener.NONE).itemFactors());
    assertThat(DpIals.builder().factors(F).insecureRandomSourceForTesting(15).build()
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE)
        .itemFactors()).isNotEqualTo(dp.fit(train, FitListener.NONE).itemFactors());
  }

  @Test
  void builder_badValues_throwNamingTheParameter() {
    assertThatIllegalArgumentException().isThrownBy(() -> DpIals.builder().epsilon(Double.NaN)).withMessageContaining("epsilon");
    assertThatIllegalArgumentException().isThrownBy(() -> DpIals.builder().delta(0)).withMessageContaining("delta");
    assertThatIllegalArgumentException().isThrownBy(() -> DpIals.builder().clipNorm(0)).withMessageContaining("clip-norm");
    assertThatIllegalArgumentException().isThrownBy(() -> DpIals.builder().budgetShares(0.5, 0.5))
        .withMessageContaining("must be < 1");
    assertThatIllegalArgumentException().isThrownBy(() -> DpIals.builder().budgetShares(0, 0.2))
        .withMessageContaining("user-gram-share");
    assertThatIllegalArgumentException().isThrownBy(() -> DpIals.builder().iterations(0)).withMessageContaining("iterations");
    assertThatIllegalArgumentException().isThrownBy(() -> DpIals.builder().lambda(Double.POSITIVE_INFINITY))
        .withMessageContaining("lambda");
  }

  @Test
  void algorithms_create_readsParams() {
    Algorithm a = Algorithms.create("dp-ials", Map.of("epsilon", "5", "factors", "8", "item-gram-share", "0"));
    assertThat(a).isInstanceOf(DpIals.class);
    assertThat(((DpIals) a).budget()).isEqualTo(PrivacyBudget.of(5, 1e-6));
    assertThat(a.parameters()).containsEntry("factors", "8").containsEntry("item-gram-share", "0.0")
        .doesNotContainKey("random-source");
    assertThatIllegalArgumentException().isThrownBy(() -> Algorithms.create("dp-ials", Map.of("insecure-seed", "1")))
        .withMessageContaining("insecure-seed");
  }

  @Test
  void explain_trainingCustomersOwnRow_contributionsSumToHerScore() {
    InteractionMatrix train = DpEaseIalsTestData.random(21, 80, 20, 8);
    DpIalsModel model = DpIals.builder().factors(F).insecureRandomSourceForTesting(22).build()
        .withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE);
    float[] scores = new float[20];
    for (int u = 0; u < 80; u += 9) {
      int[] row = train.rowItems(u);
      float[] weights = train.rowWeights(u);
      model.scoreProfile(row, weights, scores);
      for (int item = 0; item < 20; item += 3) {
        Explanation all = model.explain(row, weights, item, row.length);
        // Exact decomposition in double of the same Cholesky solve; the score is a float dot product.
        assertThat(all.score()).isCloseTo(scores[item], within(1e-4f * (1 + Math.abs(scores[item]))));
        float positive = 0;
        for (int r = 0; r < all.size(); r++) {
          assertThat(row).contains(all.reasons()[r]);
          assertThat(all.contributions()[r]).isPositive();
          positive += all.contributions()[r];
        }
        assertThat(positive).isGreaterThanOrEqualTo(all.score() - 1e-4f * (1 + Math.abs(all.score())));
        Explanation two = model.explain(row, weights, item, 2);
        assertThat(two.size()).isLessThanOrEqualTo(2);
        for (int r = 0; r < two.size(); r++) {
          assertThat(two.reasons()[r]).isEqualTo(all.reasons()[r]);
        }
      }
    }
  }

  @Test
  void explain_itemBoughtWithOneProfileItem_namesItFirst() {
    // Items 0 and 1 are always taken together, 2 and 3 likewise: a customer who has 0 and 2 is
    // recommended 1 because of 0. Zero noise isolates the attribution from the release's noise.
    int[][] rows = new int[40][];
    for (int u = 0; u < rows.length; u++) {
      rows[u] = u % 2 == 0 ? new int[] {0, 1} : new int[] {2, 3};
    }
    InteractionMatrix train = PrivacyAuditFixtures.matrix(4, rows);
    DpIalsModel model = DpIals.builder().factors(F).iterations(10).lambdaNoiseFactor(0).threads(1)
        .noiseForTesting(new DpEaseIalsTestData.ZeroNoise()).build()
            .withCatalogue(PrivacyAuditFixtures.catalogueOf(train)).fit(train, FitListener.NONE);
    Explanation e = model.explain(new int[] {0, 2}, new float[] {1f, 1f}, 1, 1);
    assertThat(e.reasons()).containsExactly(0);
    assertThat(model.explain(new int[] {0, 2}, new float[] {1f, 1f}, 3, 1).reasons()).containsExactly(2);
  }

  @Test
  void explain_emptyProfile_scoreZeroWithoutReasons() {
    DpIalsModel model = DpIals.builder().factors(F).insecureRandomSourceForTesting(23).build()
        .withCatalogue(PrivacyAuditFixtures.catalogue(10))
            .fit(DpEaseIalsTestData.random(24, 30, 10, 5), FitListener.NONE);
    Explanation e = model.explain(new int[0], new float[0], 4, 3);
    assertThat(e.score()).isZero();
    assertThat(e.size()).isZero();
  }

  @Test
  void explain_badInput_throwsNamingTheProblem() {
    DpIalsModel model = DpIals.builder().factors(F).insecureRandomSourceForTesting(25).build()
        .withCatalogue(PrivacyAuditFixtures.catalogue(10))
            .fit(DpEaseIalsTestData.random(26, 30, 10, 5), FitListener.NONE);
    assertThatIllegalArgumentException().isThrownBy(() -> model.explain(new int[] {1, 1}, new float[] {1f, 1f}, 3, 2))
        .withMessageContaining("repeated");
    assertThatIllegalArgumentException().isThrownBy(() -> model.explain(new int[] {1}, new float[] {1f}, 10, 2))
        .withMessageContaining("item");
    assertThatIllegalArgumentException().isThrownBy(() -> model.explain(new int[] {1}, new float[] {1f}, 3, -1))
        .withMessageContaining("maxReasons");
  }
}
