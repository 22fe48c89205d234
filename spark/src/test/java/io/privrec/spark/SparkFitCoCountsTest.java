package io.privrec.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.privrec.core.cf.Algorithms;
import io.privrec.core.cf.Ease;
import io.privrec.core.cf.ItemKnn;
import io.privrec.core.cf.dp.DpEase;
import io.privrec.core.cf.dp.DpItemKnn;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.SavableModel;
import io.privrec.dp.budget.LedgerEntry;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.spark.SparkStatistics.Execution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Item-kNN, DP item-kNN and DP-EASE fitted from Spark's co-occurrence sums against core's local fits. */
class SparkFitCoCountsTest {
  private static final int M = 5;
  private static TestEvents fixture;
  private static SparkInteractions data;
  private static SparkInteractions bounded;
  private static InteractionMatrix boundedLocally;

  @BeforeAll
  static void build() {
    fixture = new TestEvents(7, 400, 50, 25);
    data = fixture.spark();
    bounded = KeyedBounding.withFreshKey(M).apply(data);
    boundedLocally = bounded.toLocalMatrix();
  }

  @AfterAll
  static void free() {
    data.unpersist();
  }

  /** What one execution path fits. */
  @FunctionalInterface
  private interface SparkFitting {
    SavableModel fit(Execution execution);
  }

  /** Saves {@code local} and the model of every execution path; asserts that the files are equal byte for byte. */
  private static void assertEveryExecutionSavesTheLocalFile(Path dir, SavableModel local, SparkFitting spark)
      throws IOException {
    Path localFile = dir.resolve("local");
    local.save(localFile);
    for (Execution execution : Execution.values()) {
      Path sparkFile = dir.resolve("spark-" + execution);

      spark.fit(execution).save(sparkFile);

      assertThat(Files.readAllBytes(sparkFile)).as("%s", execution).isEqualTo(Files.readAllBytes(localFile));
    }
  }

  @Test
  void itemKnn_everyWeighting_bothExecutions_savedModelIsByteIdenticalToTheLocalFit(@TempDir Path dir)
      throws IOException {
    for (ItemKnn knn : List.of(ItemKnn.create(), ItemKnn.fromParams(Map.of("weighting", "none", "neighbours", "10")),
        ItemKnn.fromParams(Map.of("weighting", "bm25", "similarity", "cosine", "neighbours", "10")))) {
      assertEveryExecutionSavesTheLocalFile(dir, knn.fit(fixture.localMatrix(), FitListener.NONE),
          execution -> SparkFit.itemKnn(knn, data, execution));
    }
    assertThatIllegalStateException().isThrownBy(() -> SparkFit.itemKnn(ItemKnn.builder().binarize(false)
        .weighting(ItemKnn.Weighting.BM25).build(), data, Execution.PARTITIONS))
        .withMessageStartingWith("item-knn with binarize=false and weighting=bm25 has no exact statistic");
  }

  @Test
  void dpItemKnn_withTheSeededTestSource_savedModelIsByteIdenticalToTheLocalFitOnTheBoundedRows(@TempDir Path dir)
      throws IOException {
    DpItemKnn algorithm = DpItemKnn.builder().maxItemsPerUser(M).epsilon(4).threshold(3)
        .insecureReproducibleForTesting(5).build();
    List<PrivacyAccountant> accountants = new ArrayList<>();

    assertEveryExecutionSavesTheLocalFile(dir, algorithm.withCatalogue(fixture.catalogue).fit(boundedLocally,
        FitListener.NONE), execution -> {
          accountants.add(PrivacyAccountant.create(algorithm.budget()));
          return SparkFit.dpItemKnn(algorithm, bounded, accountants.get(accountants.size() - 1), execution);
        });
    assertThat(accountants).hasSize(2).allSatisfy(a -> assertThat(a.ledger()).extracting(LedgerEntry::label)
        .contains("dp-item-knn co-occurrence counts"));
  }

  @Test
  void dpEase_withTheSeededTestSource_savedModelIsByteIdenticalToTheLocalFitOnTheBoundedRows(@TempDir Path dir)
      throws IOException {
    DpEase algorithm = DpEase.builder().maxItemsPerUser(M).epsilon(3).candidateThreshold(1)
        .insecureRandomSourceForTesting(9).build();

    assertEveryExecutionSavesTheLocalFile(dir, algorithm.withCatalogue(fixture.catalogue).fit(boundedLocally,
        FitListener.NONE), execution -> SparkFit.dpEase(algorithm, bounded,
            PrivacyAccountant.create(algorithm.budget()), execution));
  }

  @Test
  void dpModels_onUnboundedData_boundOnTheClusterAndReleaseOverTheCatalogue() {
    PrivacyAccountant accountant = PrivacyAccountant.create(DpEase.builder().build().budget());

    assertThat(SparkFit.dpEase(DpEase.builder().maxItemsPerUser(M).build(), data, accountant, Execution.DATA_FRAME)
        .guarantee().holds()).isTrue();
    assertThat(SparkFit.dpItemKnn(DpItemKnn.builder().maxItemsPerUser(M).build(), data,
        PrivacyAccountant.create(DpItemKnn.builder().build().budget()), Execution.PARTITIONS).items().ids())
        .isEqualTo(fixture.catalogue.items().ids());
    assertThat(accountant.ledger()).hasSize(1);
  }

  @Test
  void denseTriangleAboveTheDriverLimit_rejectedNamingTheSetting() {
    var conf = TestSpark.session().conf();
    conf.set(SparkStatistics.MAX_DENSE_BYTES, "8000");
    try {
      Ease ease = (Ease) Algorithms.create("ease", Map.of());
      // 50 items: 50·51/2 = 1275 values of 8 bytes = 10200 bytes > 8000.
      assertThatIllegalArgumentException().isThrownBy(() -> SparkFit.ease(ease, data))
          .withMessage("item pair counts of n = 50 items need a dense triangle of n(n+1)/2 values, 8 bytes each, on"
              + " the driver: 10200 bytes, above spark.privrec.driver.maxDenseBytes = 8000 (default: half the"
              + " driver's maximum heap). Raise spark.privrec.driver.maxDenseBytes if the driver has the memory, or"
              + " use a smaller catalogue");
      DpEase full = DpEase.builder().maxItemsPerUser(M).candidateThreshold(0).rank(0).build();
      PrivacyAccountant accountant = PrivacyAccountant.create(full.budget());
      assertThatIllegalArgumentException().isThrownBy(() -> SparkFit.dpEase(full, data, accountant,
          Execution.PARTITIONS)).withMessageStartingWith("dp-ease's Gram matrix of n = 50 items need a dense triangle");
      assertThat(accountant.ledger()).isEmpty();
      conf.set(SparkStatistics.MAX_DENSE_BYTES, "lots");
      assertThatIllegalArgumentException().isThrownBy(() -> SparkFit.ease(ease, data))
          .withMessage("spark.privrec.driver.maxDenseBytes must be a positive number of bytes. Provided value: lots");
    } finally {
      conf.unset(SparkStatistics.MAX_DENSE_BYTES);
    }
  }
}
