package io.privrec.core.cf;

import static io.privrec.core.cf.CfTestData.matrix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.privrec.core.PrivateRecommender;
import io.privrec.core.ScoredItem;
import io.privrec.core.cf.Algorithms;
import io.privrec.core.cf.internal.ModelIo;
import io.privrec.core.cf.internal.UserRows;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Algorithm;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemKnnTest {
  @TempDir Path dir;

  /*
   * Hand-checked example (binary):
   *   u0: {0, 1, 2}   u1: {0, 1}   u2: {1, 2, 3}   u3: {0, 3}
   * Item supports n0 = 3, n1 = 3, n2 = 2, n3 = 2.
   * Common users: (0,1) = 2 (u0,u1); (0,2) = 1; (0,3) = 1; (1,2) = 2 (u0,u2); (1,3) = 1; (2,3) = 1.
   */
  private static final int[][] ROWS = {{0, 1, 2}, {0, 1}, {1, 2, 3}, {0, 3}};
  private static final InteractionMatrix SMALL = matrix(4, ROWS);
  private static final double EPS = 1e-6;

  private static ItemKnnModel fit(ItemKnn.Builder b, InteractionMatrix m) {
    return b.build().fit(m, FitListener.NONE);
  }

  private static ItemKnn.Builder noShrink() {
    return ItemKnn.builder().similarity(ItemKnn.Similarity.COSINE).weighting(ItemKnn.Weighting.NONE).shrink(0)
        .neighbours(10);
  }

  @Test
  void cosine_smallExample_matchesHandComputation() {
    ItemKnnModel m = fit(noShrink().similarity(ItemKnn.Similarity.COSINE), SMALL);
    // cos(0,1) = 2 / sqrt(3·3) = 2/3; cos(0,2) = 1/sqrt(3·2); cos(1,2) = 2/sqrt(6); cos(2,3) = 1/sqrt(2·2).
    assertThat(m.similarity(0, 1)).isCloseTo(2f / 3, within((float) EPS));
    assertThat(m.similarity(0, 2)).isCloseTo((float) (1 / Math.sqrt(6)), within((float) EPS));
    assertThat(m.similarity(1, 2)).isCloseTo((float) (2 / Math.sqrt(6)), within((float) EPS));
    assertThat(m.similarity(2, 3)).isCloseTo(0.5f, within((float) EPS));
    assertThat(m.similarity(1, 0)).isEqualTo(m.similarity(0, 1)); // symmetric
    assertThat(m.similarity(0, 0)).isZero(); // an item is not its own neighbour
    assertThat(m.commonUsers(1, 2)).isEqualTo(2);
  }

  @Test
  void cosine_withShrink_addsToDenominator() {
    ItemKnnModel m = fit(noShrink().shrink(1), SMALL);
    // 2 / (sqrt(3·3) + 1) = 0.5
    assertThat(m.similarity(0, 1)).isCloseTo(0.5f, within((float) EPS));
  }

  @Test
  void jaccard_smallExample_matchesHandComputation() {
    ItemKnnModel m = fit(noShrink().similarity(ItemKnn.Similarity.JACCARD), SMALL);
    // |U0 ∩ U1| / |U0 ∪ U1| = 2 / (3 + 3 − 2) = 1/2; (1,2): 2 / (3 + 2 − 2) = 2/3;
    // (2,3): 1 / (2 + 2 − 1) = 1/3; (0,2): 1 / (3 + 2 − 1) = 1/4.
    assertThat(m.similarity(0, 1)).isCloseTo(0.5f, within((float) EPS));
    assertThat(m.similarity(1, 2)).isCloseTo(2f / 3, within((float) EPS));
    assertThat(m.similarity(2, 3)).isCloseTo(1f / 3, within((float) EPS));
    assertThat(m.similarity(0, 2)).isCloseTo(0.25f, within((float) EPS));
  }

  @Test
  void asymmetricCosine_smallExample_matchesHandComputationAndIsAsymmetric() {
    ItemKnnModel m = fit(noShrink().similarity(ItemKnn.Similarity.ASYMMETRIC).alpha(0.75), SMALL);
    // sim(t=2 ← j=1) = 2 / (n2^0.75 · n1^0.25) = 2 / (1.68179 · 1.31607) = 0.903602
    // sim(t=1 ← j=2) = 2 / (n1^0.75 · n2^0.25) = 2 / (2.27951 · 1.18921) = 0.737788
    assertThat(m.similarity(2, 1)).isCloseTo(0.903602f, within(1e-5f));
    assertThat(m.similarity(1, 2)).isCloseTo(0.737788f, within(1e-5f));
    ItemKnnModel half = fit(noShrink().similarity(ItemKnn.Similarity.ASYMMETRIC).alpha(0.5), SMALL);
    ItemKnnModel cosine = fit(noShrink(), SMALL);
    for (int t = 0; t < 4; t++) {
      for (int j = 0; j < 4; j++) {
        assertThat(half.similarity(t, j)).isCloseTo(cosine.similarity(t, j), within(1e-6f));
      }
    }
  }

  @Test
  void tfidf_smallExample_matchesHandComputation() {
    ItemKnnModel m = fit(noShrink().weighting(ItemKnn.Weighting.TFIDF), SMALL);
    // idf(u) = ln(1 + 4/|I(u)|): u0, u2 (3 items): ln(7/3); u1, u3 (2 items): ln 3.
    double a = Math.log(7.0 / 3);
    double b = Math.log(3);
    // Item 0 users u0,u1,u3; item 1 users u0,u1,u2. d(0,1) = a² + b²; q0 = a² + 2b²; q1 = 2a² + b².
    double expected = (a * a + b * b) / Math.sqrt((a * a + 2 * b * b) * (2 * a * a + b * b));
    assertThat((double) m.similarity(0, 1)).isCloseTo(expected, within(EPS));
  }

  @Test
  void bm25_withBZero_equalsTfidfForBinaryData() {
    // With b = 0 and binary values, v·(k1+1)/(v + k1) = 1: BM25 reduces to the idf factor.
    ItemKnnModel bm25 = fit(noShrink().weighting(ItemKnn.Weighting.BM25).bm25B(0), SMALL);
    ItemKnnModel tfidf = fit(noShrink().weighting(ItemKnn.Weighting.TFIDF), SMALL);
    for (int t = 0; t < 4; t++) {
      for (int j = 0; j < 4; j++) {
        assertThat(bm25.similarity(t, j)).isCloseTo(tfidf.similarity(t, j), within(1e-6f));
      }
    }
  }

  @Test
  void bm25_smallExample_matchesHandComputation() {
    ItemKnnModel m = fit(noShrink().weighting(ItemKnn.Weighting.BM25).bm25K1(1).bm25B(1), SMALL);
    // len = (3, 3, 2, 2), avglen 2.5; with k1 = b = 1: v(u,i) = 2 / (1 + len(i)/2.5) · idf(u).
    double a = Math.log(7.0 / 3);
    double b = Math.log(3);
    double w0 = 2 / (1 + 3 / 2.5); // items 0 and 1 have length 3
    // Item 0: u0 (a), u1 (b), u3 (b); item 1: u0 (a), u1 (b), u2 (a); both scaled by w0.
    double dot = w0 * w0 * (a * a + b * b);
    double q0 = w0 * w0 * (a * a + 2 * b * b);
    double q1 = w0 * w0 * (2 * a * a + b * b);
    assertThat((double) m.similarity(0, 1)).isCloseTo(dot / Math.sqrt(q0 * q1), within(EPS));
  }

  @Test
  void minSupport_dropsRarePairs() {
    ItemKnnModel m = fit(noShrink().minSupport(2), SMALL);
    assertThat(m.similarity(0, 1)).isPositive();
    assertThat(m.similarity(1, 2)).isPositive();
    assertThat(m.similarity(0, 2)).isZero();
    assertThat(m.similarity(2, 3)).isZero();
  }

  @Test
  void neighbours_one_keepsOnlyMostSimilarPerTarget() {
    ItemKnnModel m = fit(noShrink().neighbours(1), SMALL);
    // Target 1: cos to 0 = 0.667, to 2 = 0.816, to 3 = 0.408 → keeps 2.
    assertThat(m.similarity(1, 2)).isPositive();
    assertThat(m.similarity(1, 0)).isZero();
    // Target 0 keeps 1 (0.667 > 0.408), so profile {1} reaches targets 0 and 2 only.
    float[] scores = new float[4];
    m.scoreProfile(new int[] {1}, new float[] {1f}, scores);
    assertThat(scores[0]).isCloseTo(2f / 3, within((float) EPS));
    assertThat(scores[2]).isCloseTo((float) (2 / Math.sqrt(6)), within((float) EPS));
    assertThat(scores[1]).isZero();
    assertThat(scores[3]).isZero();
  }

  @Test
  void scoreProfile_sumsSimilaritiesOfProfileItems() {
    ItemKnnModel m = fit(noShrink(), SMALL);
    float[] scores = new float[4];
    m.scoreProfile(new int[] {1, 2}, new float[] {1f, 1f}, scores);
    // Target 3: cos(3,1) + cos(3,2) = 1/sqrt(6) + 1/2.
    assertThat(scores[3]).isCloseTo((float) (1 / Math.sqrt(6) + 0.5), within((float) EPS));
    float[] user = new float[4];
    m.scoreProfile(SMALL.rowItems(2), SMALL.rowWeights(2), user); // u2 = {1, 2, 3}
    // Target 0: cos(0,1) + cos(0,2) + cos(0,3) = 2/3 + 2/sqrt(6)
    assertThat(user[0]).isCloseTo((float) (2.0 / 3 + 2 / Math.sqrt(6)), within((float) EPS));
  }

  @Test
  void scoreProfile_weightsUsedOnlyWithoutBinarize() {
    InteractionMatrix rated = matrix(4, ROWS, new float[][] {{5, 4, 1}, {2, 2}, {3, 3, 3}, {1, 5}});
    ItemKnnModel binary = fit(noShrink(), rated);
    ItemKnnModel weighted = fit(noShrink().binarize(false), rated);
    float[] a = new float[4];
    binary.scoreProfile(new int[] {1}, new float[] {4f}, a);
    assertThat(a[0]).isCloseTo(2f / 3, within((float) EPS)); // weight ignored, counts as in SMALL
    // Weighted cosine(0,1): items 0 = (5,2,0,1), 1 = (4,2,3,0) over u0..u3:
    // dot = 20 + 4 = 24; |0|² = 25+4+1 = 30; |1|² = 16+4+9 = 29; profile weight 4 multiplies.
    weighted.scoreProfile(new int[] {1}, new float[] {4f}, a);
    assertThat((double) a[0]).isCloseTo(4 * 24 / Math.sqrt(30.0 * 29), within(1e-5));
  }

  @Test
  void explain_listsProfileItemsByContribution_andScoreMatches() {
    ItemKnnModel m = fit(noShrink(), SMALL);
    Explanation e = m.explain(new int[] {2, 1}, new float[] {1f, 1f}, 3, 5);
    // cos(3,2) = 0.5 > cos(3,1) = 0.408
    assertThat(e.reasons()).containsExactly(2, 1);
    assertThat(e.contributions()[0]).isCloseTo(0.5f, within((float) EPS));
    float[] scores = new float[4];
    m.scoreProfile(new int[] {1, 2}, new float[] {1f, 1f}, scores);
    assertThat(e.score()).isEqualTo(scores[3]);
    assertThat(m.explain(new int[] {2, 1}, new float[] {1f, 1f}, 3, 1).reasons()).containsExactly(2);
    assertThatIllegalArgumentException().isThrownBy(() -> m.explain(new int[] {1, 1}, new float[] {1f, 1f}, 3, 2))
        .withMessageContaining("distinct");
    assertThatIllegalArgumentException().isThrownBy(() -> m.explain(new int[] {1}, new float[] {1f}, 4, 2))
        .withMessageContaining("item must be in [0, 4)");
  }

  @Test
  void scoreProfile_badInput_rejected() {
    ItemKnnModel m = fit(noShrink(), SMALL);
    float[] scores = new float[4];
    assertThatIllegalArgumentException().isThrownBy(() -> m.scoreProfile(new int[] {7}, new float[] {1f}, scores))
        .withMessageContaining("items[0]");
    assertThatIllegalArgumentException().isThrownBy(() -> m.scoreProfile(new int[] {1}, new float[] {Float.NaN}, scores))
        .withMessageContaining("weights[0] must be finite and > 0. Provided value: NaN");
    assertThatIllegalArgumentException().isThrownBy(() -> m.scoreProfile(new int[] {1}, new float[] {1f}, new float[3]))
        .withMessageContaining("scores must have length");
  }

  @Test
  void facade_itemKnnByName_ranksUnseenItemsBySummedSimilarity() {
    PrivateRecommender rec = PrivateRecommender.builder().data(SMALL)
        .algorithm("item-knn", Map.of("similarity", "cosine", "weighting", "none", "shrink", "0")).build();
    // u1 = {0, 1}: item 2 scores cos(2,0) + cos(2,1) = 1/sqrt(6) + 2/sqrt(6) = 1.2247;
    // item 3 scores 1/sqrt(6) + 1/sqrt(6) = 0.8165; items 0 and 1 are excluded as seen.
    List<ScoredItem> top = rec.recommend("u1", 5);
    assertThat(top).extracting(ScoredItem::itemId).containsExactly("i2", "i3");
    assertThat(top.get(0).score()).isCloseTo(3 / Math.sqrt(6), within(1e-6));
  }

  // ---- erasure ----

  private static ItemKnnModel forget(ItemKnnModel model, Erasure erasure) {
    ModelUpdate.Result result = model.forget(erasure);
    assertThat(result.update()).isEqualTo(ModelUpdate.EXACT);
    return (ItemKnnModel) result.model();
  }

  private static void assertRemovalExact(ItemKnn algorithm, InteractionMatrix data) {
    ItemKnnModel full = algorithm.fit(data, FitListener.NONE);
    for (int u : new int[] {0, 7, data.numUsers() - 1, heaviestUser(data)}) {
      ItemKnnModel removed = forget(full, CfTestData.erasure(data, u));
      InteractionMatrix after = CfTestData.withoutUser(data, u);
      assertThat(removed.toContents()).as("user %d removed", u)
          .isEqualTo(algorithm.fit(after, FitListener.NONE).toContents());
      assertThat(removed.items()).isSameAs(full.items());
    }
  }

  /** The scale F of a binarize=false model fitted from exact sums, or null for the others. */
  private static Integer scale(ItemKnnModel model) {
    ItemKnn config = model.config();
    return config.binarize() || !config.usesValueSums() ? null : model.valueSumsSpec().fractionBits();
  }

  /**
   * The fit of {@code data} from its sums at {@code model}'s scale (its counts and, for a
   * binarize=false model, its weight products at the model's F); the fit itself for the others.
   */
  private static ItemKnnModel fitAtScaleOf(ItemKnnModel model, InteractionMatrix data) {
    ItemKnn algorithm = model.config();
    if (scale(model) == null) {
      return algorithm.fit(data, FitListener.NONE);
    }
    UserRows rows = UserRows.of(data);
    ItemCoCounts counts = ItemCoCounts.ofRows(algorithm.statisticsSpec(data.numItems()), rows.pointers(),
        rows.items(), FitListener.NONE, 0, 1);
    ItemCoCounts sums = ItemCoCounts.ofRows(model.valueSumsSpec(), rows.pointers(), rows.items(), rows.weights(),
        FitListener.NONE, 0, 1);
    return algorithm.fit(data.items(), counts, sums, FitListener.NONE);
  }

  private static int heaviestUser(InteractionMatrix m) {
    int best = 0;
    for (int u = 1; u < m.numUsers(); u++) {
      if (m.rowLength(u) > m.rowLength(best)) {
        best = u;
      }
    }
    return best;
  }

  @Test
  void forget_oneCustomer_binaryCosine_equalsRetrainingBitForBit() {
    InteractionMatrix data = CfTestData.random(11, 120, 60, 25, false);
    assertRemovalExact(ItemKnn.builder().similarity(ItemKnn.Similarity.COSINE).weighting(ItemKnn.Weighting.NONE)
        .neighbours(8).shrink(3).build(), data);
  }

  @Test
  void forget_oneCustomer_integerWeightsJaccardMinSupport_equalsRetrainingBitForBit() {
    InteractionMatrix data = CfTestData.random(12, 120, 60, 25, false);
    assertRemovalExact(ItemKnn.builder().binarize(false).weighting(ItemKnn.Weighting.NONE)
        .similarity(ItemKnn.Similarity.JACCARD).minSupport(2)
        .neighbours(5).build(), data);
  }

  @Test
  void forget_oneCustomer_asymmetric_equalsRetrainingBitForBit() {
    InteractionMatrix data = CfTestData.random(13, 120, 60, 25, false);
    assertRemovalExact(ItemKnn.builder().similarity(ItemKnn.Similarity.ASYMMETRIC).alpha(0.8)
        .weighting(ItemKnn.Weighting.NONE).neighbours(6).build(), data);
  }

  @Test
  void forget_oneCustomer_bm25_equalsRetrainingBitForBit() {
    InteractionMatrix data = CfTestData.random(14, 80, 40, 20, false);
    assertRemovalExact(ItemKnn.builder().weighting(ItemKnn.Weighting.BM25).neighbours(6).build(), data);
  }

  @Test
  void forget_oneCustomer_tfidf_equalsRetrainingUpToRounding() {
    InteractionMatrix data = CfTestData.random(15, 120, 60, 25, true);
    ItemKnn algorithm = ItemKnn.builder().weighting(ItemKnn.Weighting.TFIDF).binarize(false).neighbours(60).build();
    ItemKnnModel full = algorithm.fit(data, FitListener.NONE);
    int u = heaviestUser(data);
    ItemKnnModel removed = forget(full, CfTestData.erasure(data, u));
    ItemKnnModel retrained = algorithm.fit(CfTestData.withoutUser(data, u), FitListener.NONE);
    // All pairs are kept (60 neighbours ≥ 59 candidates), so rounding cannot change which pairs
    // exist; similarities agree to double rounding, then float rounding (relative 2^-24 ≈ 6e-8).
    assertThat(removed.toContents().ints("co-support")).containsExactly(retrained.toContents().ints("co-support"));
    for (int t = 0; t < data.numItems(); t++) {
      for (int j = 0; j < data.numItems(); j++) {
        float expected = retrained.similarity(t, j);
        assertThat(removed.similarity(t, j)).isCloseTo(expected, within(1e-6f * Math.max(1f, expected)));
      }
    }
  }

  /**
   * Removes a third of the users (long rows over popular items, so removed rows overlap and some
   * items lose every user), and separately a few users, and compares every stored statistic and
   * neighbour list with a fit without them. Few neighbours per item, so that lists change.
   */
  private static void assertBatchRemovalExact(ItemKnn algorithm, long seed) {
    assertBatchRemovalExact(algorithm, CfTestData.random(seed, 150, 50, 30, false), seed, 50);
    // A small batch in a wide catalogue: most items keep their users, and their lists change only
    // through touched candidates overtaking previous neighbours.
    assertBatchRemovalExact(algorithm, CfTestData.random(seed, 300, 150, 12, false), seed, 6);
  }

  private static void assertBatchRemovalExact(ItemKnn algorithm, InteractionMatrix data, long seed, int batch) {
    ItemKnnModel full = algorithm.fit(data, FitListener.NONE);
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    int[] users = random.ints(0, data.numUsers()).distinct().limit(batch).toArray();
    Erasure erasure = CfTestData.erasure(data, users);

    ItemKnnModel removed = forget(full, erasure);

    ItemKnnModel retrained = algorithm.fit(erasure.after(), FitListener.NONE);
    assertThat(removed.toContents()).as("seed %d", seed).isEqualTo(retrained.toContents());
    assertThat(full.toContents()).as("receiver unchanged").isEqualTo(algorithm.fit(data, FitListener.NONE).toContents());
  }

  @Test
  void forget_largeBatchBinaryCosine_equalsRetrainingBitForBit() {
    for (long seed = 21; seed <= 25; seed++) {
      assertBatchRemovalExact(ItemKnn.builder().similarity(ItemKnn.Similarity.COSINE).weighting(ItemKnn.Weighting.NONE)
          .neighbours(3).shrink(2).build(), seed);
    }
  }

  @Test
  void forget_largeBatchIntegerJaccardMinSupport_equalsRetrainingBitForBit() {
    for (long seed = 26; seed <= 30; seed++) {
      assertBatchRemovalExact(ItemKnn.builder().binarize(false).weighting(ItemKnn.Weighting.NONE)
          .similarity(ItemKnn.Similarity.JACCARD).minSupport(3).neighbours(4).build(), seed);
    }
  }

  @Test
  void forget_largeBatchAsymmetric_equalsRetrainingBitForBit() {
    for (long seed = 31; seed <= 35; seed++) {
      assertBatchRemovalExact(ItemKnn.builder().similarity(ItemKnn.Similarity.ASYMMETRIC).alpha(0.3)
          .weighting(ItemKnn.Weighting.NONE).neighbours(5).shrink(10).build(), seed);
    }
  }

  @Test
  void forget_everyUser_leavesNoStatistics() {
    InteractionMatrix data = CfTestData.random(36, 40, 20, 8, false);
    ItemKnn algorithm = ItemKnn.builder().weighting(ItemKnn.Weighting.NONE).neighbours(5).build();
    int[] all = java.util.stream.IntStream.range(0, data.numUsers()).toArray();

    ItemKnnModel removed = forget(algorithm.fit(data, FitListener.NONE), CfTestData.erasure(data, all));

    assertThat(removed.toContents())
        .isEqualTo(algorithm.fit(data.filter((u, i, w, t) -> false), FitListener.NONE).toContents());
  }

  @Test
  void forget_badErasure_rejectedWithoutNamingCustomers() {
    ItemKnnModel m = fit(noShrink(), SMALL);
    InteractionMatrix wider = matrix(5, ROWS);
    assertThatIllegalArgumentException().isThrownBy(() -> m.forget(CfTestData.erasure(wider, 1)))
        .withMessageContaining("erasure.before()").withMessageContaining("numItems() = 4. Provided value: 5");
    assertThatIllegalArgumentException().isThrownBy(() -> m.forget(new Erasure(SMALL, SMALL, new int[] {2})))
        .withMessageContaining("erasure.after()").withMessageNotContaining("u2");
    // Rows that are not part of the data the model was fitted on.
    ItemKnnModel without = forget(m, CfTestData.erasure(SMALL, 2));
    assertThatIllegalArgumentException().isThrownBy(() -> without.forget(CfTestData.erasure(SMALL, 2)))
        .withMessageContaining("not part of the data");
  }

  /** The co-occurrence counts of {@code users}' rows of {@code data} alone, summed with the model's spec. */
  private static ItemCoCounts countsOf(ItemKnn algorithm, InteractionMatrix data, int[] users) {
    return sumsOf(algorithm.statisticsSpec(data.numItems()), data, users);
  }

  /** The sums with {@code spec} of {@code users}' rows of {@code data} alone (items only). */
  private static ItemCoCounts sumsOf(ItemCoCounts.Spec spec, InteractionMatrix data, int[] users) {
    boolean[] erased = new boolean[data.numUsers()];
    for (int u : users) {
      erased[u] = true;
    }
    UserRows rows = UserRows.of(data.filter((u, i, w, t) -> erased[u]));
    return ItemCoCounts.ofRows(spec, rows.pointers(), rows.items(), FitListener.NONE, 0, 1);
  }

  @Test
  void forgetCounts_batch_equalsForgetOfTheRowsAndRetrainingBitForBit() {
    ItemKnn algorithm = ItemKnn.builder().similarity(ItemKnn.Similarity.COSINE).weighting(ItemKnn.Weighting.NONE)
        .neighbours(3).shrink(2).minSupport(2).build();
    for (long seed = 41; seed <= 43; seed++) {
      InteractionMatrix data = CfTestData.random(seed, 150, 50, 30, false);
      ItemKnnModel full = algorithm.fit(data, FitListener.NONE);
      for (int batch : new int[] {1, 6, 50}) {
        int[] users = new java.util.SplittableRandom(seed).ints(0, data.numUsers()).distinct().limit(batch).toArray();
        Erasure erasure = CfTestData.erasure(data, users);

        ItemKnnModel removed = full.forget(countsOf(algorithm, data, users));

        assertThat(removed.toContents()).as("seed %d, batch %d", seed, batch)
            .isEqualTo(forget(full, erasure).toContents())
            .isEqualTo(algorithm.fit(erasure.after(), FitListener.NONE).toContents());
        assertThat(removed.items()).isSameAs(full.items());
      }
    }
  }

  @Test
  void forgetCounts_notPartOfTheModelOrAnotherSpecOrConfiguration_rejectedWithoutNamingItems() {
    ItemKnn algorithm = ItemKnn.builder().weighting(ItemKnn.Weighting.NONE).neighbours(5).build();
    InteractionMatrix data = CfTestData.random(44, 60, 20, 8, false);
    ItemKnnModel full = algorithm.fit(data, FitListener.NONE);
    ItemCoCounts counts = countsOf(algorithm, data, new int[] {3, 9});
    ItemKnnModel without = full.forget(counts);

    assertThatIllegalArgumentException().isThrownBy(() -> without.forget(counts))
        .withMessageStartingWith("cannot remove a profile that is not part of the data: ")
        .withMessageNotContainingAny("item 0", "i0", "u3");
    InteractionMatrix wider = CfTestData.random(44, 60, 21, 8, false);
    assertThatIllegalArgumentException().isThrownBy(() -> full.forget(countsOf(algorithm, wider, new int[] {3})))
        .withMessageContaining("counts must be summed with item-knn's spec");
    ItemKnnModel tfidf = ItemKnn.builder().weighting(ItemKnn.Weighting.TFIDF).build().fit(data, FitListener.NONE);
    assertThatThrownBy(() -> tfidf.forget(counts)).isInstanceOf(IllegalStateException.class)
        .hasMessage("item-knn with weighting=tfidf needs the erased customers' value sums as well: use"
            + " forget(counts, valueSums)");
    assertThatIllegalArgumentException().isThrownBy(() -> tfidf.forget(counts, null))
        .withMessage("item-knn with weighting=tfidf needs the value sums");
    assertThatIllegalArgumentException().isThrownBy(() -> full.forget(counts, counts))
        .withMessage("item-knn with weighting=none takes no value sums");
    ItemKnnModel bm25 = ItemKnn.builder().weighting(ItemKnn.Weighting.BM25).build().fit(data, FitListener.NONE);
    assertThatIllegalStateException().isThrownBy(() -> bm25.forget(counts, counts))
        .withMessageContaining("bm25 cannot subtract customers");
  }

  /** The value sums ({@link ItemKnn#valueSumsSpec}) of {@code users}' rows of {@code data} alone. */
  private static ItemCoCounts valueSumsOf(ItemKnn algorithm, InteractionMatrix data, int[] users) {
    return sumsOf(algorithm.valueSumsSpec(data.numItems()), data, users);
  }

  @Test
  void forget_tfidfBinarized_batchesAndOneCustomer_equalRetrainingBitForBit() {
    ItemKnn algorithm = ItemKnn.builder().weighting(ItemKnn.Weighting.TFIDF).neighbours(4).shrink(5).build();
    for (long seed = 51; seed <= 53; seed++) {
      assertBatchRemovalExact(algorithm, seed);
    }
    assertRemovalExact(ItemKnn.create(), CfTestData.random(54, 120, 60, 25, true));
  }

  @Test
  void forgetSums_tfidfBatch_equalsForgetOfTheRowsAndRetrainingBitForBit() {
    ItemKnn algorithm = ItemKnn.builder().weighting(ItemKnn.Weighting.TFIDF).neighbours(3).minSupport(2).build();
    for (long seed = 55; seed <= 57; seed++) {
      InteractionMatrix data = CfTestData.random(seed, 150, 50, 30, true);
      ItemKnnModel full = algorithm.fit(data, FitListener.NONE);
      int[] users = new java.util.SplittableRandom(seed).ints(0, data.numUsers()).distinct().limit(20).toArray();
      Erasure erasure = CfTestData.erasure(data, users);

      ItemKnnModel removed = full.forget(countsOf(algorithm, data, users), valueSumsOf(algorithm, data, users));

      assertThat(removed.toContents()).as("seed %d", seed)
          .isEqualTo(forget(full, erasure).toContents())
          .isEqualTo(algorithm.fit(erasure.after(), FitListener.NONE).toContents());
    }
  }

  /**
   * Binarized tfidf and bm25 sum each customer's {@code idf²} in fixed point; the previous fit
   * ({@code ItemKnnModel.fitInFloatingPoint}, kept as the reference) summed the same values in
   * floating point. Similarities agree to the float rounding of the kept lists, and the lists are
   * the same.
   */
  @Test
  void fit_tfidfBinarized_fixedPointSums_agreeWithFloatingPointSumsOfTheSameValues() {
    for (long seed = 58; seed <= 60; seed++) {
      InteractionMatrix weighted = CfTestData.random(seed, 400, 80, 30, false);
      int[][] rows = new int[weighted.numUsers()][];
      for (int u = 0; u < rows.length; u++) {
        rows[u] = weighted.rowItems(u);
      }
      InteractionMatrix data = matrix(weighted.numItems(), rows); // every weight 1
      for (ItemKnn.Weighting weighting : List.of(ItemKnn.Weighting.TFIDF, ItemKnn.Weighting.BM25)) {
        ItemKnn config = ItemKnn.builder().weighting(weighting).neighbours(10).build();
        ItemKnnModel exact = config.fit(data, FitListener.NONE);
        ItemKnnModel floating = ItemKnnModel.fitInFloatingPoint(config, data, UserRows.of(data), FitListener.NONE);
        assertThat(exact.toContents().ints("nbr-items")).as("seed %d, %s", seed, weighting)
            .containsExactly(floating.toContents().ints("nbr-items"));
        assertThat(exact.toContents().ints("co-support")).containsExactly(floating.toContents().ints("co-support"));
        for (int t = 0; t < data.numItems(); t++) {
          for (int j = 0; j < data.numItems(); j++) {
            float expected = floating.similarity(t, j);
            // Fixed-point rounding: below 2^-27 relative per customer; then float rounding 2^-24.
            assertThat(exact.similarity(t, j)).isCloseTo(expected, within(2e-7f * expected));
          }
        }
      }
    }
  }

  // ---- binarize=false: exact sums of weight products ----

  private static final List<ItemKnn> UNBINARIZED = List.of(
      ItemKnn.builder().binarize(false).weighting(ItemKnn.Weighting.NONE).similarity(ItemKnn.Similarity.COSINE)
          .neighbours(4).shrink(2).build(),
      ItemKnn.builder().binarize(false).weighting(ItemKnn.Weighting.TFIDF).neighbours(5).minSupport(2).build(),
      ItemKnn.builder().binarize(false).weighting(ItemKnn.Weighting.TFIDF).similarity(ItemKnn.Similarity.JACCARD)
          .neighbours(3).build());

  /** {@link ItemKnn#valueFractionBits} of {@code data}: item counts, largest weights, shortest rows. */
  private static int ruleScale(ItemKnn algorithm, InteractionMatrix data) {
    int n = data.numItems();
    long[] counts = new long[n];
    float[] max = new float[n];
    int[] shortest = new int[n];
    Arrays.fill(shortest, Integer.MAX_VALUE);
    for (int u = 0; u < data.numUsers(); u++) {
      for (int p = data.rowStart(u); p < data.rowEnd(u); p++) {
        int i = data.itemAt(p);
        counts[i]++;
        max[i] = Math.max(max[i], data.weightAt(p));
        shortest[i] = Math.min(shortest[i], data.rowLength(u));
      }
    }
    return algorithm.valueFractionBits(counts, max, shortest);
  }

  @Test
  void fit_unbinarized_fromMergedSumsOfAnySplit_equalsLocalFitByteForByte() throws IOException {
    InteractionMatrix data = CfTestData.random(61, 200, 50, 20, true);
    int n = data.numItems();
    for (ItemKnn algorithm : UNBINARIZED) {
      int f = ruleScale(algorithm, data);
      ItemCoCounts.Accumulator[] counts = {algorithm.statisticsSpec(n).accumulator(),
          algorithm.statisticsSpec(n).accumulator()};
      ItemCoCounts.Accumulator[] sums = {algorithm.valueSumsSpec(n, f).accumulator(),
          algorithm.valueSumsSpec(n, f).accumulator()};
      for (int u = data.numUsers() - 1; u >= 0; u--) {
        int part = (u * 7) % 3 == 0 ? 0 : 1;
        counts[part].add(data.rowItems(u));
        sums[part].add(data.rowItems(u), data.rowWeights(u));
      }
      ItemKnnModel fromSums = algorithm.fit(data.items(), counts[1].merge(counts[0]).build(),
          sums[1].merge(sums[0]).build(), FitListener.NONE);
      ItemKnnModel local = algorithm.fit(data, FitListener.NONE);

      assertThat(local.valueSumsSpec().fractionBits()).as("%s", algorithm).isEqualTo(f);
      Path a = dir.resolve("from-sums.bin");
      Path b = dir.resolve("local.bin");
      fromSums.save(a);
      local.save(b);
      assertThat(Files.readAllBytes(a)).as("%s", algorithm).isEqualTo(Files.readAllBytes(b));
    }
  }

  @Test
  void forget_unbinarized_localEqualsRetraining_sumsEqualFitAtTheModelsScale() {
    for (ItemKnn algorithm : UNBINARIZED) {
      for (long seed = 62; seed <= 64; seed++) {
        InteractionMatrix data = CfTestData.random(seed, 150, 50, 30, true);
        ItemKnnModel full = algorithm.fit(data, FitListener.NONE);
        int f = full.valueSumsSpec().fractionBits();
        // A third of the customers: the rule's scale for the rest may be finer.
        int[] third = new java.util.SplittableRandom(seed).ints(0, data.numUsers()).distinct().limit(50).toArray();
        Erasure large = CfTestData.erasure(data, third);
        ItemKnnModel fresh = algorithm.fit(large.after(), FitListener.NONE);
        // Local forget sees the remaining rows: bit for bit the fresh fit, its scale included.
        assertThat(forget(full, large).toContents()).as("%s, seed %d", algorithm, seed)
            .isEqualTo(fresh.toContents());
        // Forget from sums keeps the model's scale: the fit at that scale.
        ItemKnnModel fromSums = full.forget(countsOf(algorithm, data, third), valueSumsAt(full, data, third));
        assertThat(fromSums.toContents()).as("%s, seed %d", algorithm, seed)
            .isEqualTo(fitAtScaleOf(full, large.after()).toContents());
        assertThat(fromSums.valueSumsSpec().fractionBits()).isEqualTo(f);
        assertThat(ruleScale(algorithm, large.after())).isGreaterThanOrEqualTo(f);
        // Single customers until one whose erasure leaves the rule's scale as it is: then bit for bit the refit.
        int u = 0;
        while (ruleScale(algorithm, CfTestData.withoutUser(data, u)) != f) {
          u++;
        }
        Erasure one = CfTestData.erasure(data, u);
        assertThat(forget(full, one).toContents()).as("%s, seed %d, customer %d", algorithm, seed, u)
            .isEqualTo(algorithm.fit(one.after(), FitListener.NONE).toContents());
      }
    }
  }

  /** The value sums of {@code users}' rows of {@code data} alone at {@code model}'s scale. */
  private static ItemCoCounts valueSumsAt(ItemKnnModel model, InteractionMatrix data, int[] users) {
    boolean[] erased = new boolean[data.numUsers()];
    for (int u : users) {
      erased[u] = true;
    }
    UserRows rows = UserRows.of(data.filter((u, i, w, t) -> erased[u]));
    return ItemCoCounts.ofRows(model.valueSumsSpec(), rows.pointers(), rows.items(), rows.weights(),
        FitListener.NONE, 0, 1);
  }

  /**
   * The exact fit against the floating-point fit it replaces (values summed in double). Tolerance:
   * each fixed-point product is off by at most {@code 2^-(F+1)}, so a sum of products of at least
   * {@code p} by at most {@code 2^-(F+1)/p} relative; a double sum of {@code c} non-negative terms
   * by at most {@code c·2^-53}, and each floating value by a few more rounding units (the idf's
   * log1p, the products): {@code δ = 2^-(F+1)/p + (c + 4)·2^-53} bounds every statistic's
   * relative difference. A similarity {@code d/(g(q_t, q_j) + h)} moves by at most {@code 5δ}
   * relative (jaccard's {@code q_t + q_j − d >= (q_t + q_j)/2}), plus a few double roundings, and
   * each stored float by {@code 2^-24}: {@code |Δ| <= sim·(2^-23 + 8δ)}.
   */
  @Test
  void fit_unbinarized_agreesWithTheFloatingPointFitWithinItsDerivedTolerance() {
    for (ItemKnn algorithm : UNBINARIZED) {
      for (long seed = 65; seed <= 67; seed++) {
        InteractionMatrix data = CfTestData.random(seed, 400, 80, 30, true);
        ItemKnnModel exact = algorithm.fit(data, FitListener.NONE);
        ItemKnnModel floating = ItemKnnModel.fitInFloatingPoint(algorithm, data, UserRows.of(data), FitListener.NONE);
        double smallestProduct = Double.MAX_VALUE;
        for (int u = 0; u < data.numUsers(); u++) {
          float min = Float.MAX_VALUE;
          for (float w : data.rowWeights(u)) {
            min = Math.min(min, w);
          }
          double idf = StrictMath.log1p((double) data.numItems() / data.rowLength(u));
          double factor = algorithm.weighting() == ItemKnn.Weighting.TFIDF ? idf * idf : 1;
          smallestProduct = Math.min(smallestProduct, (double) min * min * factor);
        }
        int f = exact.valueSumsSpec().fractionBits();
        double delta = Math.scalb(1.0, -(f + 1)) / smallestProduct + (data.numUsers() + 4) * 0x1p-53;
        assertThat(exact.toContents().ints("nbr-items")).as("%s, seed %d", algorithm, seed)
            .containsExactly(floating.toContents().ints("nbr-items"));
        assertThat(exact.toContents().ints("co-support")).containsExactly(floating.toContents().ints("co-support"));
        for (int t = 0; t < data.numItems(); t++) {
          for (int j = 0; j < data.numItems(); j++) {
            float expected = floating.similarity(t, j);
            assertThat(exact.similarity(t, j)).isCloseTo(expected, within((float) (expected * (0x1p-23 + 8 * delta))));
          }
        }
      }
    }
  }

  @Test
  void saveLoad_unbinarized_keepsTheScale_andFilesWithoutOneLoadAndForgetAsBefore() throws IOException {
    InteractionMatrix data = CfTestData.random(68, 80, 30, 12, true);
    ItemKnn algorithm = ItemKnn.builder().binarize(false).build();
    ItemKnnModel exact = algorithm.fit(data, FitListener.NONE);
    Path file = dir.resolve("exact.bin");
    exact.save(file);
    ItemKnnModel back = ItemKnnModel.load(file);
    assertThat(back.valueSumsSpec()).isEqualTo(exact.valueSumsSpec());
    Erasure erasure = CfTestData.erasure(data, 2, 5);
    assertThat(forget(back, erasure).toContents()).isEqualTo(forget(exact, erasure).toContents());

    // A file saved before exact sums: the floating-point statistics and no scale.
    ItemKnnModel old = ItemKnnModel.fitInFloatingPoint(algorithm, data, UserRows.of(data), FitListener.NONE);
    Path oldFile = dir.resolve("old.bin");
    old.save(oldFile);
    assertThat(old.toContents().sectionNames()).doesNotContain(ItemKnnModel.VALUE_FRACTION_BITS);
    ItemKnnModel oldBack = ItemKnnModel.load(oldFile);
    assertThat(oldBack.toContents()).isEqualTo(old.toContents());
    float[] a = new float[data.numItems()];
    float[] b = new float[data.numItems()];
    for (int u = 0; u < data.numUsers(); u++) {
      old.scoreProfile(data.rowItems(u), data.rowWeights(u), a);
      oldBack.scoreProfile(data.rowItems(u), data.rowWeights(u), b);
      assertThat(b).containsExactly(a);
    }
    assertThatIllegalStateException().isThrownBy(oldBack::valueSumsSpec)
        .withMessage("this item-knn model with binarize=false was saved before exact sums (its file holds no scale):"
            + " forget customers with forget(Erasure), or refit");
    ItemKnnModel oldForgotten = forget(oldBack, erasure);
    assertThat(oldForgotten.toContents().sectionNames()).doesNotContain(ItemKnnModel.VALUE_FRACTION_BITS);
    assertThat(oldForgotten.toContents().ints("nbr-items"))
        .containsExactly(forget(exact, erasure).toContents().ints("nbr-items"));

    // A scale where none belongs is refused.
    ItemKnnModel binarized = ItemKnn.create().fit(data, FitListener.NONE);
    ModelIo.Contents c = binarized.toContents();
    ModelIo.Contents.Builder forged = ModelIo.Contents.builder(ItemKnnModel.TYPE, ItemKnnModel.LAYOUT)
        .parameters(c.parameters()).strings("item-ids", c.strings("item-ids"));
    for (String ints : List.of("item-support", "co-ptr", "co-items", "co-support")) {
      forged.ints(ints, c.ints(ints));
    }
    forged.doubles("item-squares", c.doubles("item-squares")).doubles("co-dot", c.doubles("co-dot"))
        .ints(ItemKnnModel.VALUE_FRACTION_BITS, new int[] {20}).ints("nbr-ptr", c.ints("nbr-ptr"))
        .ints("nbr-items", c.ints("nbr-items")).floats("nbr-sims", c.floats("nbr-sims"));
    Path forgedFile = dir.resolve("forged.bin");
    ModelIo.write(forgedFile, forged.build());
    assertThatIllegalArgumentException().isThrownBy(() -> ItemKnnModel.load(forgedFile))
        .withMessageContaining(forgedFile.toString()).withMessageContaining("invalid value-fraction-bits section");
  }

  @Test
  void valueFractionBits_boundsEverySum_andChecksItsInput() {
    ItemKnn none = ItemKnn.builder().binarize(false).weighting(ItemKnn.Weighting.NONE).build();
    // M = 4 customers · 3² = 36: ⌊log₂ M⌋ = 5, F = 51 − 5 = 46; the sums stay below 2^52 + 2.
    assertThat(none.valueFractionBits(new long[] {4, 1, 0}, new float[] {3f, 5f, 0f}, null)).isEqualTo(46);
    ItemKnn tfidf = ItemKnn.builder().binarize(false).build();
    assertThatThrownBy(() -> tfidf.valueFractionBits(new long[] {4}, new float[] {3f}, null))
        .isInstanceOf(NullPointerException.class).hasMessage("minRowLengths");
    assertThatIllegalArgumentException().isThrownBy(() -> tfidf.valueFractionBits(new long[] {4}, new float[] {3f},
        new int[] {0})).withMessageContaining("fewest items of a customer holding it >= 1");
    assertThatIllegalArgumentException().isThrownBy(() -> none.valueFractionBits(new long[] {4}, new float[] {-1f},
        null)).withMessageNotContaining("-1");
    assertThatIllegalStateException().isThrownBy(() -> ItemKnn.create().valueFractionBits(new long[0], new float[0],
        new int[0])).withMessageContaining("binarize=false");
    // One customer holding both items with the largest weights: the sums stay below 2^53.
    for (float w : new float[] {1e-20f, 0.37f, 3f, 7e10f}) {
      InteractionMatrix one = CfTestData.matrix(2, new int[][] {{0, 1}}, new float[][] {{w, w}});
      ItemKnnModel m = tfidf.fit(one, FitListener.NONE);
      double unit = Math.scalb(1.0, -m.valueSumsSpec().fractionBits());
      assertThat(m.toContents().doubles("item-squares")[0] / unit).as("weight %s", w).isLessThan(0x1p53)
          .isGreaterThan(0x1p50);
    }
  }

  // ---- persistence ----

  @Test
  void saveLoad_roundTrip_sameContentsAndScores() throws IOException {
    InteractionMatrix data = CfTestData.random(21, 60, 30, 15, true);
    for (ItemKnn algorithm : List.of(ItemKnn.create(), ItemKnn.builder().binarize(false).build())) {
      ItemKnnModel m = algorithm.fit(data, FitListener.NONE);
      Path file = dir.resolve("knn.bin");
      m.save(file);
      ItemKnnModel back = ItemKnnModel.load(file);
      assertThat(back.toContents()).isEqualTo(m.toContents());
      assertThat(back.items().ids()).isEqualTo(data.items().ids());
      float[] a = new float[data.numItems()];
      float[] b = new float[data.numItems()];
      for (int u = 0; u < data.numUsers(); u++) {
        m.scoreProfile(data.rowItems(u), data.rowWeights(u), a);
        back.scoreProfile(data.rowItems(u), data.rowWeights(u), b);
        assertThat(b).containsExactly(a);
      }
      // A loaded model can still erase exactly.
      Erasure erasure = CfTestData.erasure(data, 3);
      assertThat(forget(back, erasure).toContents()).isEqualTo(forget(m, erasure).toContents());
    }
  }

  @Test
  void load_truncatedOrFlipped_failsNamingFile() throws IOException {
    ItemKnnModel m = fit(noShrink(), SMALL);
    Path file = dir.resolve("knn.bin");
    m.save(file);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 9));
    assertThatIOException().isThrownBy(() -> ItemKnnModel.load(file)).withMessageContaining(file.toString())
        .withMessageContaining("truncated");
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
    assertThatIOException().isThrownBy(() -> ItemKnnModel.load(file)).withMessageContaining(file.toString())
        .withMessageContaining("checksum");
  }

  @Test
  void load_otherModelType_failsNamingType() throws IOException {
    Path file = dir.resolve("other.bin");
    ModelIo.write(file, ModelIo.Contents.builder("ease", 1).build());
    assertThatIllegalArgumentException().isThrownBy(() -> ItemKnnModel.load(file))
        .withMessageContaining("'ease'").withMessageContaining(file.toString());
    // Layout 1 held the training profiles: refused, naming the file and saying to refit.
    ModelIo.write(file, ModelIo.Contents.builder("item-knn", 1).parameters(ItemKnn.create().parameters())
        .ints("num-items", new int[] {0}).ints("user-ptr", new int[] {0}).build());
    assertThatIllegalArgumentException().isThrownBy(() -> ItemKnnModel.load(file))
        .withMessageContaining(file.toString()).withMessageContaining("layout version 1").withMessageContaining("Refit");
  }

  // ---- parameters ----

  @Test
  void algorithms_create_readsParameters() {
    Algorithm a = Algorithms.create("item-knn", Map.of("similarity", "Jaccard", "neighbours", "50", "shrink", "2",
        "min-support", "3", "weighting", "bm25", "bm25-k1", "100", "bm25-b", "0.8", "binarize", "false", "alpha", "0.3"));
    ItemKnn k = (ItemKnn) a;
    assertThat(k.similarity()).isEqualTo(ItemKnn.Similarity.JACCARD);
    assertThat(k.options().neighbours()).isEqualTo(50);
    assertThat(k.minSupport()).isEqualTo(3);
    assertThat(k.weighting()).isEqualTo(ItemKnn.Weighting.BM25);
    assertThat(k.bm25K1()).isEqualTo(100);
    assertThat(k.binarize()).isFalse();
    assertThat(k.parameters()).containsEntry("similarity", "jaccard").containsEntry("alpha", "0.3");
    assertThat(ItemKnn.fromParams(k.parameters()).parameters())
        .isEqualTo(k.parameters());
  }

  @Test
  void algorithms_create_badParameters_clearMessages() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Algorithms.create("item-knn", Map.of("neighbours", "-3")))
        .withMessageContaining("neighbours").withMessageContaining("Provided value: -3");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Algorithms.create("item-knn", Map.of("neighbors", "30")))
        .withMessageContaining("unknown item-knn parameter(s) [neighbors]");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Algorithms.create("item-knn", Map.of("shrink", "NaN")))
        .withMessageContaining("shrink").withMessageContaining("NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Algorithms.create("item-knn", Map.of("similarity", "pearson")))
        .withMessageContaining("cosine|jaccard|asymmetric");
    assertThatIllegalArgumentException().isThrownBy(() -> ItemKnn.builder().alpha(Double.NaN))
        .withMessageContaining("alpha must be in [0, 1]. Provided value: NaN");
    assertThatIllegalArgumentException().isThrownBy(() -> ItemKnn.builder().neighbours(0))
        .withMessageContaining("neighbours must be >= 1. Provided value: 0");
    assertThatIllegalArgumentException().isThrownBy(() -> ItemKnn.builder().shrink(Double.POSITIVE_INFINITY))
        .withMessageContaining("shrink must be finite");
  }

  @Test
  void fit_reportsMonotoneProgressEndingAtOne() {
    List<Double> fractions = new ArrayList<>();
    ItemKnn.create().fit(CfTestData.random(3, 50, 300, 10, false), (stage, f) -> fractions.add(f));
    assertThat(fractions).isNotEmpty().isSorted();
    assertThat(fractions.get(fractions.size() - 1)).isEqualTo(1.0);
  }

  @Test
  void fit_listenerThrows_abortsFit() {
    assertThatThrownBy(() -> ItemKnn.create().fit(CfTestData.random(3, 50, 300, 10, false), (stage, f) -> {
      throw new IllegalStateException("cancelled by user");
    })).isInstanceOf(IllegalStateException.class).hasMessage("cancelled by user");
  }
}
