package io.privrec.core.cf;

import static io.privrec.core.cf.CfTestData.matrix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    for (long seed = 1; seed <= 3; seed++) {
      InteractionMatrix data = CfTestData.random(seed, 300, 60, 15, true);
      Ease ease = (Ease) Algorithms.create("ease", Map.of("lambda", "20"));
      Path local = dir.resolve("local-" + seed);
      Path fromCounts = dir.resolve("counts-" + seed);

      ease.fit(data, FitListener.NONE).save(local);
      ease.fit(ItemPairCounts.of(data), FitListener.NONE).save(fromCounts);

      assertThat(Files.readAllBytes(fromCounts)).as("seed %d", seed).isEqualTo(Files.readAllBytes(local));
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
        .withMessage("ease with binarize=false needs the weighted Gram matrix: fit it on an InteractionMatrix");
  }
}
