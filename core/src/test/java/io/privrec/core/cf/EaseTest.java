package io.privrec.core.cf;

import static io.privrec.core.cf.CfTestData.matrix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.privrec.core.cf.Algorithms;
import io.privrec.core.cf.internal.EaseSolver;
import io.privrec.core.cf.internal.ModelIo;
import io.privrec.core.cf.internal.UserRows;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.Explanation;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ModelUpdate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EaseTest {
  @TempDir Path dir;

  @Test
  void fit_twoItems_matchesHandComputation() {
    // u0 = {0, 1}, u1 = {0}: XᵀX = [[2, 1], [1, 1]]; with λ = 1, P = [[3, 1], [1, 2]]⁻¹
    // = (1/5)·[[2, −1], [−1, 3]]. B[0][1] = −P01/P11 = (1/5)/(3/5) = 1/3; B[1][0] = −P10/P00 = 1/2.
    EaseModel m = Ease.of(1, 10, true).fit(matrix(2, new int[][] {{0, 1}, {0}}), FitListener.NONE);
    assertThat(m.weight(0, 1)).isCloseTo(1f / 3, within(1e-7f));
    assertThat(m.weight(1, 0)).isCloseTo(0.5f, within(1e-7f));
    assertThat(m.weight(0, 0)).isZero();
    assertThat(m.weight(1, 1)).isZero();
    float[] scores = new float[2];
    m.scoreProfile(new int[] {0}, new float[] {1f}, scores); // u1's profile {0}: scores = B[0][·]
    assertThat(scores).containsExactly(0f, m.weight(0, 1));
  }

  /** B from a direct inverse in Commons Math, for comparison. */
  private static double[][] expectedWeights(InteractionMatrix data, double lambda, boolean binarize) {
    int n = data.numItems();
    RealMatrix g = MatrixUtils.createRealMatrix(n, n);
    for (int u = 0; u < data.numUsers(); u++) {
      for (int p = data.rowStart(u); p < data.rowEnd(u); p++) {
        for (int q = data.rowStart(u); q < data.rowEnd(u); q++) {
          double x = binarize ? 1 : data.weightAt(p);
          double y = binarize ? 1 : data.weightAt(q);
          g.addToEntry(data.itemAt(p), data.itemAt(q), x * y);
        }
      }
    }
    for (int i = 0; i < n; i++) {
      g.addToEntry(i, i, lambda);
    }
    RealMatrix p = new LUDecomposition(g).getSolver().getInverse();
    double[][] b = new double[n][n];
    for (int j = 0; j < n; j++) {
      for (int t = 0; t < n; t++) {
        b[j][t] = j == t ? 0 : -p.getEntry(j, t) / p.getEntry(t, t);
      }
    }
    return b;
  }

  private static void assertMatchesDirectInverse(EaseModel m, double[][] expected) {
    double max = 0;
    for (double[] row : expected) {
      for (double x : row) {
        max = Math.max(max, Math.abs(x));
      }
    }
    // Single-precision storage: relative error ≤ 2^-24 of the value; the double-precision
    // inverse adds far less for these well-conditioned (λ-regularised) matrices.
    for (int j = 0; j < expected.length; j++) {
      for (int t = 0; t < expected.length; t++) {
        assertThat((double) m.weight(j, t)).as("B[%d][%d]", j, t).isCloseTo(expected[j][t], within(1e-6 * max));
      }
    }
  }

  @Test
  void fit_smallRandom_matchesDirectInverse() {
    InteractionMatrix data = CfTestData.random(31, 40, 12, 8, false);
    assertMatchesDirectInverse(Ease.of(3, 100, true).fit(data, FitListener.NONE), expectedWeights(data, 3, true));
    assertMatchesDirectInverse(Ease.of(10, 100, false).fit(data, FitListener.NONE), expectedWeights(data, 10, false));
  }

  @Test
  void fit_severalPivotBlocks_matchesDirectInverse() {
    // 150 items span three 64-wide pivot blocks, the last one partial.
    InteractionMatrix data = CfTestData.random(32, 400, 150, 40, false);
    assertMatchesDirectInverse(Ease.of(5, 1000, true).fit(data, FitListener.NONE), expectedWeights(data, 5, true));
  }

  @Test
  void fit_weighted_differsFromTheDoubleGramFitByTheDocumentedRoundingOnly() {
    InteractionMatrix data = ItemPairCountsTest.fractional(34, 300, 60, 15);
    double lambda = 10;
    Ease ease = Ease.of(lambda, 100, false);
    UserRows rows = UserRows.of(data);
    int n = data.numItems();
    int f = ItemPairCounts.ofWeights(data).fractionBits();
    ItemPairCounts counts = ItemPairCounts.of(data);
    // The previous Gram matrix: the products summed in double precision.
    double[][] plain = EaseSolver.gram(rows.pointers(), rows.items(), rows.weights(), n, FitListener.NONE, "gram",
        0, 1);
    double[][] exact = EaseSolver.fixedPointGram(rows.pointers(), rows.items(), rows.weights(), f, n,
        FitListener.NONE, "gram", 0, 1);
    // ‖E‖∞ of E = exact − plain (symmetric, so ‖E‖₂ ≤ ‖E‖∞), against its documented bound: per
    // entry c_ij·2^-(F+1) from the rounded products, plus the plain sum's own rounding, at most
    // c_ij·2^-53·G_ij (c_ij ≤ 300 terms); ‖A‖∞ bounds the largest eigenvalue of A = G + λI.
    double normE = 0;
    double normA = 0;
    int differing = 0;
    for (int i = 0; i < n; i++) {
      double rowE = 0;
      double bound = 0;
      double rowA = lambda;
      for (int j = 0; j < n; j++) {
        double e = i >= j ? exact[i][j] - plain[i][j] : exact[j][i] - plain[j][i];
        double g = i >= j ? plain[i][j] : plain[j][i];
        long c = counts.count(i, j);
        differing += e != 0 ? 1 : 0;
        rowE += Math.abs(e);
        bound += c * 0x1p-1 * Math.scalb(1.0, -f) + c * 0x1p-53 * g;
        rowA += g;
      }
      assertThat(rowE).as("row %d of E", i).isLessThanOrEqualTo(bound);
      normE = Math.max(normE, rowE);
      normA = Math.max(normA, rowA);
    }
    assertThat(differing).as("the rounding changed entries").isPositive();
    EaseModel model = ease.fit(data, FitListener.NONE);
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = plain[i].clone();
    }
    EaseModel previous = EaseModel.fromGram(ease, data.items(), a, FitListener.NONE);
    // Both A = G + λI ≥ λI, so ‖ΔP‖₂ ≤ ‖E‖/(λ(λ − ‖E‖)) = η, plus each inverse's own rounding, at most
    // n²·κ·2^-53·‖P‖ with κ ≤ ‖A‖∞/λ and ‖P‖ ≤ 1/λ (a generous constant for the sweep). With
    // P_tt ≥ 1/‖A‖∞, B = −P_jt/P_tt moves by at most η'(1 + |B_jt|)/(P_tt − η'), and each side's
    // single-precision storage adds half an ulp: 2^-24 relative to the larger of the two values.
    double eta = normE / (lambda * (lambda - normE)) + 2.0 * n * n * (normA / lambda) * 0x1p-53 / lambda;
    double minDiagonal = 1 / normA;
    for (int j = 0; j < n; j++) {
      for (int t = 0; t < n; t++) {
        double b = previous.weight(j, t);
        double tolerance = eta * (1 + Math.abs(b)) / (minDiagonal - eta)
            + 0x1p-24 * Math.max(Math.abs(b), Math.abs(model.weight(j, t)));
        assertThat((double) model.weight(j, t)).as("B[%d][%d]", j, t).isCloseTo(b, within(tolerance));
      }
    }
  }

  @Test
  void fit_itemWithoutInteractions_getsZeroWeights() {
    EaseModel m = Ease.of(2, 10, true).fit(matrix(3, new int[][] {{0, 1}, {1}}), FitListener.NONE);
    for (int i = 0; i < 3; i++) {
      assertThat(m.weight(2, i)).isZero();
      assertThat(m.weight(i, 2)).isZero();
    }
  }

  @Test
  void fit_moreItemsThanMaxItems_clearError() {
    InteractionMatrix data = CfTestData.random(33, 10, 30, 5, false);
    assertThatIllegalArgumentException().isThrownBy(() -> Ease.of(1, 29, true).fit(data, FitListener.NONE))
        .withMessageContaining("max-items = 29").withMessageContaining("the data has 30 items");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Algorithms.create("ease", Map.of("max-items", "20")).fit(data, FitListener.NONE))
        .withMessageContaining("max-items = 20");
  }

  @Test
  void fit_extremeButLegalWeightsWithoutBinarize_failsWithClearValidationError() {
    // Legal weights (finite, > 0) near Float.MAX_VALUE: XᵀX holds ~1e77, so λ = 400 vanishes in
    // rounding and the inverse used to throw ArithmeticException from deep inside the sweep.
    float big = Float.MAX_VALUE / 4;
    InteractionMatrix data = InteractionMatrix.builder(io.privrec.core.data.DuplicatePolicy.SUM)
        .add("u0", "a", big).add("u0", "b", big).add("u1", "a", big).add("u1", "b", big).add("u2", "c", 1f)
        .build();

    assertThatIllegalArgumentException().isThrownBy(() -> Ease.of(400, 10, false).fit(data, FitListener.NONE))
        .withMessageStartingWith("ease: lambda = 400.0 is too small for the scale of the weights")
        .withMessageContaining("lambda >= 1e-12 · max_i Σ_u x_ui²")
        .withMessageContaining("binarize=true");
    // Binarized, the same data fits.
    EaseModel m = Ease.of(400, 10, true).fit(data, FitListener.NONE);
    assertThat(m.weight(0, 1)).isPositive();
  }

  @Test
  void params_badValues_clearMessages() {
    assertThatIllegalArgumentException().isThrownBy(() -> Algorithms.create("ease", Map.of("lambda", "NaN")))
        .withMessageContaining("lambda").withMessageContaining("NaN");
    assertThatIllegalArgumentException().isThrownBy(() -> Algorithms.create("ease", Map.of("lambda", "0")))
        .withMessageContaining("lambda must be finite and in (0, 1e12]. Provided value: 0.0");
    assertThatIllegalArgumentException().isThrownBy(() -> Algorithms.create("ease", Map.of("lambda", "-1")))
        .withMessageContaining("lambda");
    assertThatIllegalArgumentException().isThrownBy(() -> Algorithms.create("ease", Map.of("lamda", "5")))
        .withMessageContaining("unknown ease parameter(s) [lamda]");
    assertThatIllegalArgumentException().isThrownBy(() -> Algorithms.create("ease", Map.of("max-items", "50000")))
        .withMessageContaining("max-items");
    assertThatIllegalArgumentException().isThrownBy(() -> Ease.of(Double.POSITIVE_INFINITY, 10, true))
        .withMessageContaining("lambda must be finite");
    Ease e = (Ease) Algorithms.create("ease", Map.of("lambda", "250", "binarize", "false"));
    assertThat(e.lambda()).isEqualTo(250);
    assertThat(e.binarize()).isFalse();
    assertThat(e.maxItems()).isEqualTo(Ease.DEFAULT_MAX_ITEMS);
  }

  @Test
  void explain_contributionsAreWeightsOfProfileItems() {
    InteractionMatrix data = CfTestData.random(34, 60, 20, 10, false);
    EaseModel m = Ease.of(2, 100, true).fit(data, FitListener.NONE);
    int[] profile = {1, 4, 9};
    Explanation e = m.explain(profile, new float[] {1, 1, 1}, 7, 3);
    float[] scores = new float[20];
    m.scoreProfile(profile, new float[] {1, 1, 1}, scores);
    assertThat(e.score()).isEqualTo(scores[7]);
    for (int k = 0; k < e.size(); k++) {
      assertThat(e.contributions()[k]).isEqualTo(m.weight(e.reasons()[k], 7)).isPositive();
    }
    int positive = 0;
    for (int j : profile) {
      positive += m.weight(j, 7) > 0 ? 1 : 0;
    }
    assertThat(e.size()).isEqualTo(positive);
  }

  @Test
  void forget_oneCustomer_equalsRetrainingUpToSinglePrecisionRounding() {
    InteractionMatrix data = CfTestData.random(35, 80, 90, 20, false);
    Ease ease = Ease.of(4, 1000, true);
    EaseModel full = ease.fit(data, FitListener.NONE);
    Erasure erasure = CfTestData.erasure(data, 5);
    ModelUpdate.Result result = full.forget(erasure);
    assertThat(result.update()).isEqualTo(ModelUpdate.EXACT);
    EaseModel removed = (EaseModel) result.model();
    EaseModel refit = ease.fit(erasure.after(), FitListener.NONE);
    assertThat(relativeDistance(removed, refit)).isLessThan(1e-6);
    assertThat(relativeDistance(full, refit)).as("her row mattered").isGreaterThan(1e-5);
    assertThat(removed.items()).isSameAs(full.items());
    assertThatIllegalArgumentException().isThrownBy(() -> full.forget(CfTestData.erasure(
        CfTestData.random(35, 80, 91, 20, false), 5))).withMessageContaining("erasure.before()")
        .withMessageContaining("Provided value: 91");
  }

  /** Largest |Δ| between the two models' weights, relative to the largest |weight| of {@code b}. */
  private static double relativeDistance(EaseModel a, EaseModel b) {
    double diff = 0;
    double scale = 0;
    for (int j = 0; j < a.numItems(); j++) {
      for (int t = 0; t < a.numItems(); t++) {
        diff = Math.max(diff, Math.abs(a.weight(j, t) - b.weight(j, t)));
        scale = Math.max(scale, Math.abs(b.weight(j, t)));
      }
    }
    return diff / scale;
  }

  private static void assertDowndateMatchesRefit(Ease ease, InteractionMatrix data, long seed) {
    EaseModel full = ease.fit(data, FitListener.NONE);
    int[] first = new java.util.SplittableRandom(seed).ints(0, data.numUsers()).distinct().limit(12).toArray();
    int[] second = java.util.stream.IntStream.range(0, data.numUsers())
        .filter(u -> Arrays.stream(first).noneMatch(v -> v == u)).limit(9).toArray();
    boolean[] gone = new boolean[data.numUsers()];

    for (int u : first) {
      gone[u] = true;
    }
    InteractionMatrix afterFirst = data.filter((u, i, w, t) -> !gone[u]);
    for (int u : second) {
      gone[u] = true;
    }
    InteractionMatrix afterSecond = data.filter((u, i, w, t) -> !gone[u]);
    Arrays.sort(first);

    EaseModel once = (EaseModel) full.forget(new Erasure(data, afterFirst, first)).model();
    EaseModel twice = (EaseModel) once.forget(new Erasure(afterFirst, afterSecond, second)).model();

    EaseModel refitOnce = ease.fit(afterFirst, FitListener.NONE);
    EaseModel refitTwice = ease.fit(afterSecond, FitListener.NONE);
    // Both sides round B to single precision (2^-24 ≈ 6e-8 relative) and the downdate starts from
    // the rounded B, so they differ by a few such units; 1e-6 allows ~16, far below the effect of
    // the erased rows themselves (checked last).
    assertThat(relativeDistance(once, refitOnce)).isLessThan(1e-6);
    assertThat(relativeDistance(twice, refitTwice)).isLessThan(1e-6);
    assertThat(once.items().ids()).isEqualTo(refitOnce.items().ids());
    assertThat(relativeDistance(full, refitOnce)).as("the erased rows mattered").isGreaterThan(1e-3);
  }

  @Test
  void forget_binary_equalsRetrainingUpToSinglePrecisionRounding() {
    assertDowndateMatchesRefit(Ease.of(4, 1000, true), CfTestData.random(37, 200, 90, 20, false), 37);
  }

  @Test
  void forget_weighted_equalsRetrainingUpToSinglePrecisionRounding() {
    assertDowndateMatchesRefit(Ease.of(50, 1000, false), CfTestData.random(38, 200, 90, 20, true), 38);
  }

  @Test
  void forgetRows_equalsForgetOfTheErasureBitForBit_inBothBranches() {
    InteractionMatrix data = CfTestData.random(40, 200, 90, 20, false);
    Ease ease = Ease.of(4, 1000, true);
    EaseModel full = ease.fit(data, FitListener.NONE);
    // 12 customers: downdated (at most 90 / 4 = 22); 40: refitted.
    for (int batch : new int[] {12, 40}) {
      int[] users = new java.util.SplittableRandom(batch).ints(0, data.numUsers()).distinct().limit(batch).toArray();
      Erasure erasure = CfTestData.erasure(data, users);
      boolean[] gone = new boolean[data.numUsers()];
      for (int u : users) {
        gone[u] = true;
      }
      InteractionMatrix erasedRows = data.filter((u, i, w, t) -> gone[u]);
      int[] refits = new int[1];

      EaseModel removed = full.forget(erasedRows, () -> {
        refits[0]++;
        return ease.fit(erasure.after(), FitListener.NONE);
      });

      assertThat(full.downdates(batch)).isEqualTo(batch <= 22);
      assertThat(refits[0]).as("batch %d", batch).isEqualTo(full.downdates(batch) ? 0 : 1);
      assertThat(removed.toContents()).as("batch %d", batch)
          .isEqualTo(((EaseModel) full.forget(erasure).model()).toContents());
      assertThat(removed.items()).isSameAs(full.items());
      if (!full.downdates(batch)) {
        assertThat(removed.toContents()).isEqualTo(ease.fit(erasure.after(), FitListener.NONE).toContents());
      }
    }
    assertThat(full.downdates(0)).isFalse();
  }

  @Test
  void forgetRows_otherItemsOrAnotherRefit_rejected() {
    InteractionMatrix data = CfTestData.random(41, 60, 20, 8, false);
    Ease ease = Ease.of(3, 1000, true);
    EaseModel full = ease.fit(data, FitListener.NONE);
    InteractionMatrix wider = CfTestData.random(41, 60, 21, 8, false);
    InteractionMatrix all = data.filter((u, i, w, t) -> true);

    assertThatIllegalArgumentException().isThrownBy(() -> full.forget(wider, () -> full))
        .withMessage("erased rows must be on the model's items (20, same ids in the same order). Provided: 21 items");
    assertThatIllegalArgumentException().isThrownBy(() -> full.forget(all, () -> Ease.of(5, 1000, true).fit(
        data.filter((u, i, w, t) -> false), FitListener.NONE))).withMessageContaining("the refit must have the"
        + " model's configuration");
  }

  @Test
  void forget_largeBatch_refitsBitForBit_andOlderLayoutsAreRefused() {
    InteractionMatrix data = CfTestData.random(39, 60, 20, 8, false);
    Ease ease = Ease.of(3, 1000, true);
    EaseModel full = ease.fit(data, FitListener.NONE);
    int[] many = {0, 1, 2, 3, 4, 5}; // 6 users > 20 items / 4: a downdate would cost more than a fit
    InteractionMatrix rest = data.filter((u, i, w, t) -> u > 5);
    EaseModel refit = ease.fit(rest, FitListener.NONE);
    assertThat(((EaseModel) full.forget(CfTestData.erasure(data, many)).model()).toContents())
        .isEqualTo(refit.toContents());
    // Customers without interactions leave the model as it is.
    assertThat(refit.forget(CfTestData.erasure(rest, 0, 1)).model()).isSameAs(refit);

    // Layouts 1 and 2 held the training profiles: refused, naming the source and saying to refit.
    ModelIo.Contents c = full.toContents();
    for (int layout = 1; layout <= 2; layout++) {
      ModelIo.Contents old = ModelIo.Contents.builder("ease", layout).parameters(c.parameters())
          .ints("num-items", new int[] {20}).ints("user-ptr", new int[] {0}).ints("user-items", new int[0])
          .floats("user-weights", new float[0]).floats("weights", c.floats("weights")).build();
      assertThatIllegalArgumentException().isThrownBy(() -> EaseModel.fromContents(old))
          .withMessageContaining("layout version " + layout).withMessageContaining("Refit");
    }
  }

  @Test
  void saveLoad_roundTrip_andCorruptionDetected() throws IOException {
    InteractionMatrix data = CfTestData.random(36, 50, 70, 15, true);
    EaseModel m = Ease.of(7, 1000, false).fit(data, FitListener.NONE);
    Path file = dir.resolve("ease.bin");
    m.save(file);
    EaseModel back = EaseModel.load(file);
    assertThat(back.toContents()).isEqualTo(m.toContents());
    assertThat(back.config().lambda()).isEqualTo(7);
    float[] a = new float[70];
    float[] b = new float[70];
    m.scoreProfile(data.rowItems(9), data.rowWeights(9), a);
    back.scoreProfile(data.rowItems(9), data.rowWeights(9), b);
    assertThat(back.items().ids()).isEqualTo(data.items().ids());
    assertThat(b).containsExactly(a);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatIOException().isThrownBy(() -> EaseModel.load(file)).withMessageContaining(file.toString())
        .withMessageContaining("truncated");
    bytes[bytes.length - 100] ^= 0x40;
    Files.write(file, bytes);
    assertThatIOException().isThrownBy(() -> EaseModel.load(file)).withMessageContaining(file.toString())
        .withMessageContaining("checksum");
    Path knn = dir.resolve("knn.bin");
    ItemKnn.create().fit(data, FitListener.NONE).save(knn);
    assertThatIllegalArgumentException().isThrownBy(() -> EaseModel.load(knn)).withMessageContaining("'item-knn'");
  }

  @Test
  void fit_reportsStagesAndEndsAtOne() {
    List<String> stages = new ArrayList<>();
    List<Double> fractions = new ArrayList<>();
    Ease.create().fit(CfTestData.random(37, 100, 200, 20, false), (stage, f) -> {
      stages.add(stage);
      fractions.add(f);
    });
    assertThat(stages).contains("gram", "inverse", "weights");
    assertThat(fractions).isSorted();
    assertThat(fractions.get(fractions.size() - 1)).isEqualTo(1.0);
  }

  @Test
  void scoreProfile_badInput_rejected() {
    EaseModel m = Ease.of(1, 10, true).fit(matrix(2, new int[][] {{0, 1}}), FitListener.NONE);
    assertThatIllegalArgumentException().isThrownBy(() -> m.scoreProfile(new int[] {2}, new float[] {1}, new float[2]))
        .withMessageContaining("items[0]");
    assertThatIllegalArgumentException().isThrownBy(() -> m.scoreProfile(new int[] {1}, new float[] {-1}, new float[2]))
        .withMessageContaining("weights[0]");
  }
}
