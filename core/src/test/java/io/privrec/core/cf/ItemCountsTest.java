package io.privrec.core.cf;

import static io.privrec.core.cf.CfTestData.matrix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemCountsTest {

  @Test
  void of_matrix_countsDistinctUsersPerItemIgnoringWeights() {
    InteractionMatrix m = matrix(4, new int[][] {{0, 1}, {1, 3}, {1}}, new float[][] {{5f, 1f}, {2f, 2f}, {9f}});

    ItemCounts counts = ItemCounts.of(m);

    assertThat(counts.counts()).containsExactly(1, 3, 0, 1);
    assertThat(counts.items()).isSameAs(m.items());
    assertThat(counts.isBounded()).isFalse();
    assertThat(counts.maxItemsPerCustomer()).isZero();
  }

  @Test
  void popularityFit_fromCountsOfRandomData_isBitForBitTheFitOnTheMatrix(@TempDir Path dir) throws IOException {
    for (long seed = 1; seed <= 5; seed++) {
      InteractionMatrix data = CfTestData.random(seed, 300, 50, 12, true);
      Path local = dir.resolve("local-" + seed);
      Path fromCounts = dir.resolve("counts-" + seed);

      Popularity.create().fit(data, FitListener.NONE).save(local);
      Popularity.create().fit(ItemCounts.of(data.items(), ItemCounts.of(data).counts())).save(fromCounts);

      assertThat(Files.readAllBytes(fromCounts)).as("seed %d", seed).isEqualTo(Files.readAllBytes(local));
    }
  }

  @Test
  void counts_areCopiedInAndOut() {
    long[] raw = {3, 4};
    ItemCounts counts = ItemCounts.bounded(IdIndex.of("item", List.of("a", "b")), raw, 2);
    raw[0] = 99;
    counts.counts()[1] = 99;

    assertThat(counts.counts()).containsExactly(3, 4);
    assertThat(counts.count(1)).isEqualTo(4);
    assertThat(counts.isBounded()).isTrue();
    assertThat(counts.maxItemsPerCustomer()).isEqualTo(2);
  }

  @Test
  void invalidCounts_rejectedNamingTheRule() {
    IdIndex items = IdIndex.of("item", List.of("a", "b"));
    assertThatIllegalArgumentException().isThrownBy(() -> ItemCounts.of(items, new long[] {1}))
        .withMessage("counts must hold one value per item (2). Provided length: 1");
    assertThatIllegalArgumentException().isThrownBy(() -> ItemCounts.of(items, new long[] {1, -1}))
        .withMessage("counts must be >= 0. Provided value: -1");
    assertThatIllegalArgumentException().isThrownBy(() -> ItemCounts.bounded(items, new long[] {1, 1}, 0))
        .withMessage("maxItemsPerCustomer must be >= 1. Provided value: 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Popularity.create().fit(ItemCounts.of(items, new long[] {1, 1L << 31})))
        .withMessage("item counts must be <= 2147483647 for a popularity model. Provided value: 2147483648");
  }
}
