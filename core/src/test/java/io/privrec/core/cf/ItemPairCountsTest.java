package io.privrec.core.cf;

import static io.privrec.core.cf.CfTestData.matrix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemPairCountsTest {

  @Test
  void of_matrix_countsCustomersHoldingEachPairIgnoringWeights() {
    InteractionMatrix m = matrix(3, new int[][] {{0, 1}, {0, 1, 2}, {2}}, new float[][] {{5f, 2f}, {1f, 1f, 3f}, {4f}});

    ItemPairCounts counts = ItemPairCounts.of(m);

    assertThat(counts.count(0, 0)).isEqualTo(2);
    assertThat(counts.count(1, 0)).isEqualTo(2);
    assertThat(counts.count(0, 1)).isEqualTo(2);
    assertThat(counts.count(2, 0)).isEqualTo(1);
    assertThat(counts.count(2, 2)).isEqualTo(2);
    assertThat(counts.items()).isSameAs(m.items());
  }

  @Test
  void easeFit_fromCountsOfRandomData_isBitForBitTheFitOnTheMatrix(@TempDir Path dir) throws IOException {
    assertFitFromStatisticIsTheFitOnTheMatrix(dir, true);
  }

  /** On three random matrices, EASE (λ = 20) fitted from its kind of statistic saves the local fit's bytes. */
  private static void assertFitFromStatisticIsTheFitOnTheMatrix(Path dir, boolean binarize) throws IOException {
    Ease ease = (Ease) Algorithms.create("ease", Map.of("lambda", "20", "binarize", Boolean.toString(binarize)));
    for (long seed = 1; seed <= 3; seed++) {
      InteractionMatrix data = binarize ? CfTestData.random(seed, 300, 60, 15, true) : fractional(seed, 300, 60, 15);
      Path local = dir.resolve(binarize + "-local-" + seed);
      Path fromStatistic = dir.resolve(binarize + "-statistic-" + seed);

      ease.fit(data, FitListener.NONE).save(local);
      ease.fit(binarize ? ItemPairCounts.of(data) : ItemPairCounts.ofWeights(data), FitListener.NONE)
          .save(fromStatistic);

      assertThat(Files.readAllBytes(fromStatistic)).as("seed %d", seed).isEqualTo(Files.readAllBytes(local));
    }
  }

  @Test
  void builder_addsUnorderedPairsAndHandsTheCountsOver() {
    ItemPairCounts.Builder b = ItemPairCounts.builder(IdIndex.of("item", List.of("a", "b")));
    b.add(0, 1, 2).add(1, 0, 3).add(1, 1, 4);

    ItemPairCounts counts = b.build();

    assertThat(counts.count(0, 1)).isEqualTo(5);
    assertThat(counts.count(1, 1)).isEqualTo(4);
    assertThat(counts.count(0, 0)).isZero();
    assertThatIllegalStateException().isThrownBy(() -> b.add(0, 0, 1)).withMessage("the builder was already built");
    assertThatIllegalStateException().isThrownBy(b::build).withMessage("the builder was already built");
  }

  @Test
  void badArguments_rejectedNamingTheRule() {
    ItemPairCounts.Builder b = ItemPairCounts.builder(IdIndex.of("item", List.of("a", "b")));
    assertThatIllegalArgumentException().isThrownBy(() -> b.add(0, 1, -1))
        .withMessage("count must be >= 0. Provided value: -1");
    assertThatThrownBy(() -> b.add(0, 2, 1)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("item indices must be in [0, 2). Provided: 0, 2");
    Ease weighted = (Ease) Algorithms.create("ease", Map.of("binarize", "false"));
    assertThatIllegalStateException().isThrownBy(() -> weighted.fit(b.build(), FitListener.NONE))
        .withMessage("ease with binarize=false needs weighted item pair sums (ItemPairCounts.ofWeights or"
            + " weightedBuilder); these are counts");
  }

  /** Random rows whose weights span 0.01 to 5: many products have more fraction bits than F keeps. */
  static InteractionMatrix fractional(long seed, int users, int items, int maxLength) {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    int[][] rows = new int[users][];
    float[][] weights = new float[users][];
    for (int u = 0; u < users; u++) {
      rows[u] = rnd.ints(0, items).distinct().limit(1 + rnd.nextInt(maxLength)).sorted().toArray();
      weights[u] = new float[rows[u].length];
      for (int k = 0; k < rows[u].length; k++) {
        weights[u][k] = (float) (0.01 + 5 * rnd.nextDouble());
      }
    }
    return matrix(items, rows, weights);
  }

  @Test
  void ofWeights_sumsEachCustomersRoundedProducts_inUnitsOfTwoToTheMinusF() {
    InteractionMatrix m = matrix(3, new int[][] {{0, 1}, {0, 1, 2}, {2}}, new float[][] {{0.3f, 2f}, {1f, 1.7f, 3f},
        {4f}});

    ItemPairCounts sums = ItemPairCounts.ofWeights(m);

    // M = max(2·1², 2·2², 2·4²) = 32 = 2^5, so F = 61 − 5 = 56.
    assertThat(sums.weighted()).isTrue();
    assertThat(sums.fractionBits()).isEqualTo(56);
    assertThat(sums.count(1, 0)).isEqualTo(Math.round(Math.scalb((double) 0.3f * 2f, 56))
        + Math.round(Math.scalb((double) 1f * 1.7f, 56)));
    assertThat(sums.value(2, 2)).isEqualTo(9.0 + 16.0);
    assertThat(sums.value(0, 1)).isCloseTo((double) 0.3f * 2f + (double) 1.7f, within(0x1p-55));
    assertThat(ItemPairCounts.of(m).weighted()).isFalse();
    assertThat(ItemPairCounts.of(m).fractionBits()).isZero();
  }

  @Test
  void weightedSums_partialSumsOfDisjointCustomersInAnyOrder_equalBitForBit() {
    InteractionMatrix data = fractional(5, 200, 30, 10);
    ItemPairCounts whole = ItemPairCounts.ofWeights(data);
    int f = whole.fractionBits();
    // Two halves of the customers, each summed on its own, added in reverse order.
    ItemPairCounts.Builder merged = ItemPairCounts.weightedBuilder(data.items(), f);
    long[][] halves = new long[2][30 * 31 / 2];
    for (int u = 0; u < data.numUsers(); u++) {
      for (int p = data.rowStart(u); p < data.rowEnd(u); p++) {
        for (int q = data.rowStart(u); q <= p; q++) {
          int i = data.itemAt(p);
          int j = data.itemAt(q);
          halves[u % 2][i * (i + 1) / 2 + j] += ItemPairCounts.quantizedProduct(data.weightAt(p), data.weightAt(q), f);
        }
      }
    }
    for (int half = 1; half >= 0; half--) {
      for (int i = 29; i >= 0; i--) {
        for (int j = i; j >= 0; j--) {
          merged.add(j, i, halves[half][i * (i + 1) / 2 + j]);
        }
      }
    }
    ItemPairCounts sums = merged.build();

    for (int i = 0; i < 30; i++) {
      for (int j = 0; j <= i; j++) {
        assertThat(sums.count(i, j)).as("(%d, %d)", i, j).isEqualTo(whole.count(i, j));
      }
    }
  }

  @Test
  void easeFit_fromWeightedSums_isBitForBitTheWeightedFitOnTheMatrix(@TempDir Path dir) throws IOException {
    assertFitFromStatisticIsTheFitOnTheMatrix(dir, false);
  }

  @Test
  void fractionBits_followTheRule_andRejectBadStatistics() {
    // M = max(3·2², 5·1²) = 12, ⌊log₂ 12⌋ = 3: F = 58, and 12·2^58 < 2^62.
    assertThat(ItemPairCounts.fractionBits(new long[] {3, 5, 0}, new float[] {2f, 1f, 0f})).isEqualTo(58);
    // Weights in the thousands: M = 10⁶·(4096)² ≈ 2^43.9, F = 18.
    assertThat(ItemPairCounts.fractionBits(new long[] {1_000_000}, new float[] {4096f})).isEqualTo(18);
    assertThat(ItemPairCounts.fractionBits(new long[] {0, 0}, new float[] {0f, 0f})).isZero();
    assertThatIllegalArgumentException().isThrownBy(() -> ItemPairCounts.fractionBits(new long[] {1},
        new float[] {Float.NaN})).withMessage("item counts must be >= 0 and largest weights finite and >= 0");
    assertThatIllegalArgumentException().isThrownBy(() -> ItemPairCounts.fractionBits(new long[] {1},
        new float[] {1f, 2f})).withMessage("itemCounts and maxWeights must have one entry per item. Provided"
        + " lengths: 1, 2");
  }

  @Test
  void quantizedProduct_roundsToNearestTiesToEven_andOverflowThrowsNamingTheRule() {
    assertThat(ItemPairCounts.quantizedProduct(1.5f, 1f, 0)).isEqualTo(2);
    assertThat(ItemPairCounts.quantizedProduct(2.5f, 1f, 0)).isEqualTo(2);
    assertThat(ItemPairCounts.quantizedProduct(0.75f, 1f, 1)).isEqualTo(2);
    assertThat(ItemPairCounts.quantizedProduct(0.1f, 0.1f, 60)).isEqualTo(Math.round(Math.scalb((double) 0.1f * 0.1f,
        60)));
    assertThatExceptionOfType(ArithmeticException.class)
        .isThrownBy(() -> ItemPairCounts.quantizedProduct(0x1p31f, 0x1p31f, 1))
        .withMessage("a weight product times 2^1 does not fit a long (the rule: Σ_u w_ui·w_uj · 2^F < 2^63)");
    assertThatIllegalArgumentException().isThrownBy(() -> ItemPairCounts.quantizedProduct(-1f, 1f, 0))
        .withMessage("weights must be finite and >= 0");
    assertThatIllegalArgumentException().isThrownBy(() -> ItemPairCounts.quantizedProduct(1f, 1f, 2000))
        .withMessage("fractionBits must be in [-1074, 1074]. Provided value: 2000");
  }

  @Test
  void weightedBuilder_overflowThrows_andKindsDoNotMix() {
    ItemPairCounts.Builder b = ItemPairCounts.weightedBuilder(IdIndex.of("item", List.of("a", "b")), 10);
    b.add(0, 1, Long.MAX_VALUE);
    assertThatExceptionOfType(ArithmeticException.class).isThrownBy(() -> b.add(1, 0, 1))
        .withMessage("an item pair sum (in units of 2^-10) overflows a long: every entry must stay below 2^63");
    ItemPairCounts.Builder counts = ItemPairCounts.builder(IdIndex.of("item", List.of("a")));
    counts.add(0, 0, Long.MAX_VALUE);
    assertThatExceptionOfType(ArithmeticException.class).isThrownBy(() -> counts.add(0, 0, 1))
        .withMessage("an item pair count overflows a long: every entry must stay below 2^63");
    ItemPairCounts sums = ItemPairCounts.ofWeights(fractional(3, 20, 5, 3));
    assertThatIllegalStateException().isThrownBy(() -> Ease.create().fit(sums, FitListener.NONE))
        .withMessage("ease with binarize=true needs item pair counts (ItemPairCounts.of or builder); these are"
            + " weighted sums");
  }
}
