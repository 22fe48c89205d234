package io.privrec.core.cf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemCoCountsTest {

  private static int[] row(InteractionMatrix m, int u) {
    int[] r = new int[m.rowLength(u)];
    for (int p = 0; p < r.length; p++) {
      r[p] = m.itemAt(m.rowStart(u) + p);
    }
    return r;
  }

  private static int[][] ptrAndItems(InteractionMatrix m) {
    int[] ptr = new int[m.numUsers() + 1];
    int[] items = new int[m.numInteractions()];
    for (int u = 0; u < m.numUsers(); u++) {
      ptr[u + 1] = m.rowEnd(u);
      for (int p = m.rowStart(u); p < m.rowEnd(u); p++) {
        items[p] = m.itemAt(p);
      }
    }
    return new int[][] {ptr, items};
  }

  @Test
  void accumulator_anySplitAndMergeOrder_equalsTheBulkSumsBitForBit() {
    InteractionMatrix m = CfTestData.random(11, 300, 40, 12, false);
    long[] itemW = new long[13];
    long[] pairW = new long[13];
    for (int k = 0; k <= 12; k++) {
      itemW[k] = 1000 + 7L * k;
      pairW[k] = k < 2 ? 0 : 4096 / k;
    }
    ItemCoCounts.Spec spec = ItemCoCounts.Spec.bounded(40, 12, itemW, pairW);
    int[][] csr = ptrAndItems(m);
    ItemCoCounts bulk = ItemCoCounts.ofRows(spec, csr[0], csr[1], FitListener.NONE, 0, 1);
    List<Integer> order = new ArrayList<>();
    for (int u = 0; u < m.numUsers(); u++) {
      order.add(u);
    }
    Collections.shuffle(order, new Random(5));
    List<ItemCoCounts.Accumulator> parts = new ArrayList<>();
    for (int part = 0; part < 5; part++) {
      parts.add(spec.accumulator());
    }
    for (int k = 0; k < order.size(); k++) {
      parts.get(k % 5).add(row(m, order.get(k)));
    }
    ItemCoCounts.Accumulator merged = spec.accumulator();
    for (int part = 4; part >= 0; part--) {
      merged.merge(parts.get(part));
    }
    ItemCoCounts.Accumulator viaSums = spec.accumulator();
    for (ItemCoCounts.Accumulator part : parts) {
      long[] items = part.itemSums();
      for (int i = 0; i < items.length; i++) {
        viaSums.addItemSum(i, items[i]);
      }
      part.forEachPairSum(viaSums::addPairSum);
    }

    assertThat(merged.build()).isEqualTo(bulk);
    assertThat(viaSums.build()).isEqualTo(bulk);
    int a = csr[1][0];
    int b = csr[1][1];
    long expected = 0;
    for (int u = 0; u < m.numUsers(); u++) {
      int[] r = row(m, u);
      if (java.util.Arrays.binarySearch(r, a) >= 0 && java.util.Arrays.binarySearch(r, b) >= 0) {
        expected += pairW[r.length];
      }
    }
    assertThat(bulk.pairSum(b, a)).isEqualTo(expected).isPositive();
  }

  @Test
  void unitCounts_equalItemCountsAndItemPairCounts() {
    InteractionMatrix m = CfTestData.random(3, 200, 30, 10, false);
    int[][] csr = ptrAndItems(m);

    ItemCoCounts counts = ItemCoCounts.ofRows(ItemCoCounts.Spec.unit(30), csr[0], csr[1], FitListener.NONE, 0, 1);

    ItemPairCounts pairs = ItemPairCounts.of(m);
    assertThat(counts.itemSums()).containsExactly(ItemCounts.of(m).counts());
    for (int i = 0; i < 30; i++) {
      for (int j = 0; j < i; j++) {
        assertThat(counts.pairSum(i, j)).as("(%d, %d)", i, j).isEqualTo(pairs.count(i, j));
      }
    }
  }

  @Test
  void boundedSpec_rowLongerThanTheBound_isRejectedWithoutNamingItems() {
    ItemCoCounts.Spec spec = ItemCoCounts.Spec.bounded(10, 2, new long[] {0, 1, 1}, null);

    assertThatIllegalArgumentException().isThrownBy(() -> spec.accumulator().add(new int[] {1, 4, 7}))
        .withMessage("a row holds at most maxItemsPerCustomer = 2 items in these sums; bound the rows first. Provided"
            + " row length: 3");
    assertThatIllegalArgumentException().isThrownBy(() -> spec.accumulator().add(new int[] {4, 1}))
        .withMessage("row items must be strictly increasing item indices in [0, 10)");
    assertThatIllegalStateException().isThrownBy(() -> spec.accumulator().add(new int[] {1}).build().numPairs())
        .withMessage("these co-occurrence sums hold no pair sums");
    assertThatIllegalArgumentException().isThrownBy(() -> ItemCoCounts.Spec.bounded(10, 2, new long[] {1, 1}, null))
        .withMessage("itemWeights must hold one weight per row length 0 … maxItemsPerCustomer (3). Provided"
            + " length: 2");
  }

  @Test
  void itemKnn_fitFromCounts_savedModelIsByteIdenticalToTheLocalFit(@TempDir Path dir) throws IOException {
    InteractionMatrix m = CfTestData.random(17, 250, 35, 9, false);
    ItemKnn knn = ItemKnn.fromParams(Map.of("weighting", "none", "neighbours", "5", "min-support", "2"));
    int[][] csr = ptrAndItems(m);
    ItemCoCounts.Accumulator acc = knn.statisticsSpec(m.numItems()).accumulator();
    for (int u = m.numUsers() - 1; u >= 0; u--) {
      acc.add(row(m, u));
    }

    knn.fit(m.items(), acc.build(), FitListener.NONE).save(dir.resolve("counts"));
    knn.fit(m, FitListener.NONE).save(dir.resolve("local"));

    assertThat(Files.readAllBytes(dir.resolve("counts"))).isEqualTo(Files.readAllBytes(dir.resolve("local")));
    assertThat(ItemCoCounts.ofRows(knn.statisticsSpec(m.numItems()), csr[0], csr[1], FitListener.NONE, 0, 1))
        .isEqualTo(acc.build());
  }

  @Test
  void itemKnn_tfidfAndBm25_fitFromSumsOfAnySplit_savedModelIsByteIdenticalToTheLocalFit(@TempDir Path dir)
      throws IOException {
    InteractionMatrix m = CfTestData.random(18, 250, 35, 9, true);
    for (ItemKnn knn : List.of(ItemKnn.create(), ItemKnn.fromParams(Map.of("weighting", "bm25", "neighbours", "4")))) {
      ItemCoCounts.Spec countSpec = knn.statisticsSpec(m.numItems());
      ItemCoCounts.Spec sumSpec = knn.valueSumsSpec(m.numItems());
      // Two partial sums over interleaved customers, merged: any split adds up to the same bits.
      ItemCoCounts.Accumulator[] counts = {countSpec.accumulator(), countSpec.accumulator()};
      ItemCoCounts.Accumulator[] sums = {sumSpec.accumulator(), sumSpec.accumulator()};
      for (int u = m.numUsers() - 1; u >= 0; u--) {
        counts[u % 2].add(row(m, u));
        sums[u % 2].add(row(m, u));
      }
      ItemCoCounts mergedCounts = counts[1].merge(counts[0]).build();
      ItemCoCounts mergedSums = sums[1].merge(sums[0]).build();

      knn.fit(m.items(), mergedCounts, mergedSums, FitListener.NONE).save(dir.resolve("sums"));
      knn.fit(m, FitListener.NONE).save(dir.resolve("local"));

      assertThat(Files.readAllBytes(dir.resolve("sums"))).as(knn.toString())
          .isEqualTo(Files.readAllBytes(dir.resolve("local")));
    }
  }

  @Test
  void inverseUserFrequencySpec_weightsAreRoundedIdfSquares() {
    ItemCoCounts.Spec spec = ItemCoCounts.Spec.inverseUserFrequency(100, 26);
    for (int k : new int[] {1, 2, 7, 50, 100}) {
      double idf = Math.log1p(100.0 / k);
      assertThat((double) spec.pairWeight(k)).isCloseTo(idf * idf * (1 << 26), within(0.5));
      assertThat(spec.itemWeight(k)).isEqualTo(spec.pairWeight(k));
    }
    assertThat(spec.itemWeight(0)).isZero();
    assertThat(spec).isEqualTo(ItemCoCounts.Spec.inverseUserFrequency(100, 26))
        .isNotEqualTo(ItemCoCounts.Spec.inverseUserFrequency(100, 25)).isNotEqualTo(ItemCoCounts.Spec.unit(100));
    assertThatIllegalArgumentException().isThrownBy(() -> ItemCoCounts.Spec.inverseUserFrequency(100, 41))
        .withMessage("fractionBits must be in [0, 40]. Provided value: 41");
  }

  @Test
  void itemKnn_unbinarizedBm25_hasNoExactStatistic_andSpecsAreChecked() {
    ItemKnn unbinarizedBm25 = ItemKnn.builder().binarize(false).weighting(ItemKnn.Weighting.BM25).build();
    assertThatIllegalStateException().isThrownBy(() -> unbinarizedBm25.statisticsSpec(5))
        .withMessage("item-knn with binarize=false and weighting=bm25 has no exact statistic (its item lengths, sums"
            + " of every customer's weights, enter every value): fit it on an InteractionMatrix");
    assertThat(unbinarizedBm25.usesValueSums()).isFalse();
    ItemKnn binary = ItemKnn.fromParams(Map.of("weighting", "none"));
    assertThatIllegalStateException().isThrownBy(() -> binary.valueSumsSpec(5))
        .withMessage("item-knn has value sums only with binarize=true and weighting tfidf or bm25, or binarize=false"
            + " and weighting none or tfidf; this one has binarize=true, weighting=none");
    assertThatIllegalStateException().isThrownBy(() -> binary.valueSumsSpec(5, 10))
        .withMessage("item-knn sums weight products only with binarize=false and weighting none or tfidf; this one"
            + " has binarize=true, weighting=none");
    ItemKnn unbinarized = ItemKnn.builder().binarize(false).build();
    assertThat(unbinarized.statisticsSpec(5)).isEqualTo(ItemCoCounts.Spec.unit(5));
    assertThatIllegalStateException().isThrownBy(() -> unbinarized.valueSumsSpec(5))
        .withMessageContaining("binarize=false sums its values at a scale chosen from the data");
    InteractionMatrix m = CfTestData.matrix(3, new int[][] {{0, 1}, {1, 2}});
    ItemCoCounts bounded = ItemCoCounts.Spec.bounded(3, 2, new long[] {1, 1, 1}, new long[] {1, 1, 1}).accumulator()
        .build();
    assertThatIllegalArgumentException().isThrownBy(() -> binary.fit(m.items(), bounded, FitListener.NONE))
        .withMessageStartingWith("counts must be summed with item-knn's spec");
    ItemKnn tfidf = ItemKnn.create();
    ItemCoCounts counts = tfidf.statisticsSpec(3).accumulator().add(new int[] {0, 1}).add(new int[] {1, 2}).build();
    ItemCoCounts sums = tfidf.valueSumsSpec(3).accumulator().add(new int[] {0, 1}).add(new int[] {1, 2}).build();
    assertThatIllegalStateException().isThrownBy(() -> tfidf.fit(m.items(), counts, FitListener.NONE))
        .withMessage("item-knn with weighting=tfidf needs the value sums as well: use fit(items, counts, valueSums,"
            + " listener)");
    assertThatIllegalArgumentException().isThrownBy(() -> tfidf.fit(m.items(), counts, counts, FitListener.NONE))
        .withMessageStartingWith("valueSums must be summed with item-knn's spec");
    ItemCoCounts otherRows = tfidf.valueSumsSpec(3).accumulator().add(new int[] {0, 2}).build();
    assertThatIllegalArgumentException().isThrownBy(() -> tfidf.fit(m.items(), counts, otherRows, FitListener.NONE))
        .withMessage("counts and valueSums must be summed over the same rows (their pairs differ)");
    assertThat(tfidf.fit(m.items(), counts, sums, FitListener.NONE).toContents())
        .isEqualTo(tfidf.fit(m, FitListener.NONE).toContents());
  }

  @Test
  void weightProducts_anySplitAndMergeOrder_equalsTheBulkSumsOfRoundedProducts() {
    InteractionMatrix m = CfTestData.random(12, 300, 40, 12, true);
    int[][] csr = ptrAndItems(m);
    float[] weights = new float[m.numInteractions()];
    for (int p = 0; p < weights.length; p++) {
      weights[p] = m.weightAt(p);
    }
    for (ItemCoCounts.Spec spec : List.of(ItemCoCounts.Spec.weightProducts(40, 30),
        ItemCoCounts.Spec.idfWeightProducts(40, -3))) {
      ItemCoCounts bulk = ItemCoCounts.ofRows(spec, csr[0], csr[1], weights, FitListener.NONE, 0, 1);
      ItemCoCounts.Accumulator a = spec.accumulator();
      ItemCoCounts.Accumulator b = spec.accumulator();
      for (int u = m.numUsers() - 1; u >= 0; u--) {
        (u % 3 == 0 ? a : b).add(row(m, u), m.rowWeights(u));
      }
      assertThat(b.merge(a).build()).as("%s", spec).isEqualTo(bulk);
      // Each term is one product rounded once: the sums are those of the exact products, to half a unit each.
      int u = 0;
      while (m.rowLength(u) < 2) {
        u++;
      }
      int[] r = row(m, u);
      float[] w = m.rowWeights(u);
      double factor = spec.weighsByInverseUserFrequency()
          ? Math.pow(StrictMath.log1p(40.0 / r.length), 2) : 1;
      assertThat((double) spec.productTerm(w[0], w[1], r.length))
          .isCloseTo(Math.scalb((double) w[0] * w[1] * factor, spec.fractionBits()), within(0.5000001));
      long pair = 0;
      long square = 0;
      for (int v = 0; v < m.numUsers(); v++) {
        int[] rv = row(m, v);
        float[] wv = m.rowWeights(v);
        for (int p = 0; p < rv.length; p++) {
          if (rv[p] == 0) {
            square += spec.productTerm(wv[p], wv[p], rv.length);
          }
          for (int q = p + 1; q < rv.length; q++) {
            if (rv[p] == 0 && rv[q] == 1) {
              pair += spec.productTerm(wv[p], wv[q], rv.length);
            }
          }
        }
      }
      assertThat(bulk.itemSum(0)).isEqualTo(square);
      assertThat(bulk.pairSum(0, 1)).isEqualTo(pair);
    }
  }

  @Test
  void weightProducts_needWeights_andRejectBadOnes() {
    ItemCoCounts.Spec spec = ItemCoCounts.Spec.weightProducts(3, 8);
    assertThat(spec.usesWeights()).isTrue();
    assertThat(spec.isFixedPoint()).isTrue();
    assertThat(spec).isNotEqualTo(ItemCoCounts.Spec.idfWeightProducts(3, 8))
        .isNotEqualTo(ItemCoCounts.Spec.weightProducts(3, 9)).isEqualTo(ItemCoCounts.Spec.weightProducts(3, 8));
    assertThatIllegalArgumentException().isThrownBy(() -> spec.accumulator().add(new int[] {0, 1}))
        .withMessage("a spec of weight products sums weighted rows: pass the weights");
    assertThatIllegalArgumentException().isThrownBy(() -> spec.accumulator().add(new int[] {0, 1},
        new float[] {1f, Float.NaN})).withMessage("weights must be finite and >= 0");
    assertThatIllegalArgumentException().isThrownBy(() -> spec.accumulator().add(new int[] {0, 1}, new float[] {1f}))
        .withMessage("weights must be aligned with the items (2). Provided length: 1");
    assertThatIllegalStateException().isThrownBy(() -> spec.pairWeight(2))
        .withMessage("the terms of weight products depend on the weights: use productTerm");
    assertThatIllegalStateException().isThrownBy(() -> ItemCoCounts.Spec.unit(3).productTerm(1f, 1f, 2))
        .withMessageStartingWith("these sums take no weights");
    assertThatIllegalArgumentException().isThrownBy(() -> ItemCoCounts.Spec.weightProducts(3, 1075))
        .withMessage("fractionBits must be in [-1074, 1074]. Provided value: 1075");
    // A product that rounds to 0 adds nothing: the pair has a count but no sum.
    ItemCoCounts tiny = spec.accumulator().add(new int[] {0, 1}, new float[] {1e-3f, 1e-3f}).build();
    assertThat(tiny.numPairs()).isZero();
    assertThat(tiny.itemSum(0)).isZero();
  }
}
