package io.privrec.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.privrec.core.cf.Algorithms;
import io.privrec.core.cf.Ease;
import io.privrec.core.cf.EaseModel;
import io.privrec.core.cf.ItemKnn;
import io.privrec.core.cf.ItemKnnModel;
import io.privrec.core.cf.ItemPairCounts;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.SavableModel;
import io.privrec.spark.SparkStatistics.Execution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EASE and item-kNN with {@code binarize=false} on Spark: weights with many fraction bits (0.01 to
 * 5, so that products are rounded to core's fixed point), fitted and forgotten on both execution
 * paths against core's local fit and forget on the same rows.
 */
class SparkWeightedEaseTest {
  private static final Ease EASE = (Ease) Algorithms.create("ease", Map.of("lambda", "10", "binarize", "false"));

  private static SparkInteractions data;
  /** The rows Spark holds, customers in increasing id order (the order the Spark forget downdates by). */
  private static InteractionMatrix matrix;

  @BeforeAll
  static void build() {
    SplittableRandom rnd = new SplittableRandom(41);
    List<Row> events = new ArrayList<>();
    for (int c = 0; c < 300; c++) {
      int n = 1 + rnd.nextInt(15);
      for (int e = 0; e < n; e++) {
        double r = rnd.nextDouble();
        String item = rnd.nextInt(20) == 0 ? "gone" : String.format("p%02d", (int) (40 * r * r));
        events.add(RowFactory.create("c" + c, item, (float) (0.01 + 5 * rnd.nextDouble())));
      }
    }
    List<Row> products = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      products.add(RowFactory.create(String.format("p%02d", i)));
    }
    Dataset<Row> frame = TestSpark.session().createDataFrame(events, new StructType()
        .add("customer_id", DataTypes.StringType).add("sku", DataTypes.StringType)
        .add("weight", DataTypes.FloatType));
    data = SparkInteractions.from(frame).customer("customer_id").item("sku").weight("weight")
        .catalogue(TestSpark.session().createDataFrame(products, new StructType().add("sku", DataTypes.StringType)),
            "sku");
    matrix = data.toLocalMatrix();
  }

  @AfterAll
  static void free() {
    data.unpersist();
  }

  private static final List<ItemKnn> ITEM_KNN = List.of(
      ItemKnn.fromParams(Map.of("binarize", "false", "neighbours", "6")),
      ItemKnn.fromParams(Map.of("binarize", "false", "weighting", "none", "similarity", "jaccard", "neighbours", "4",
          "min-support", "2")));

  private static byte[] bytes(SavableModel model, Path dir, String name) throws IOException {
    Path file = dir.resolve(name);
    model.save(file);
    return Files.readAllBytes(file);
  }

  /** The customers {@code c0, c<step>, c<2·step>…} below {@code c300}, as a one-column DataFrame {@code id}. */
  private static Dataset<Row> batch(int step) {
    return TestSpark.session().range(0, 300, step).selectExpr("concat('c', id) AS id");
  }

  /** The erasure of {@link #batch}{@code (step)}'s customers (those with events) from the local matrix. */
  private static Erasure erasure(int step) {
    int[] users = IntStream.range(0, matrix.numUsers())
        .filter(u -> Integer.parseInt(matrix.users().ids().get(u).substring(1)) % step == 0).toArray();
    return new Erasure(matrix, matrix.eraseUsers(users), users);
  }

  @Test
  void itemPairSums_bothExecutions_equalCoresWeightedSumsUnderAnyPartitioning() {
    ItemPairCounts local = ItemPairCounts.ofWeights(matrix);
    long rounded = 0;
    for (Execution execution : Execution.values()) {
      int partitions = execution == Execution.PARTITIONS ? 3 : 16;
      ItemPairCounts sums = SparkStatistics.itemPairSums(data.repartition(partitions), execution);

      assertThat(sums.weighted()).isTrue();
      assertThat(sums.fractionBits()).isEqualTo(local.fractionBits());
      for (int i = 0; i < 40; i++) {
        for (int j = 0; j <= i; j++) {
          assertThat(sums.count(i, j)).as("%s, %d partitions, (%d, %d)", execution, partitions, i, j)
              .isEqualTo(local.count(i, j));
        }
      }
    }
    // Not vacuous: the products were rounded (some lost fraction bits to the fixed point).
    for (int u = 0; u < matrix.numUsers(); u++) {
      for (int p = matrix.rowStart(u); p < matrix.rowEnd(u); p++) {
        double exact = (double) matrix.weightAt(p) * matrix.weightAt(p);
        rounded += Math.scalb((double) ItemPairCounts.quantizedProduct(matrix.weightAt(p), matrix.weightAt(p),
            local.fractionBits()), -local.fractionBits()) != exact ? 1 : 0;
      }
    }
    assertThat(rounded).isPositive();
  }

  @Test
  void ease_weighted_bothExecutions_savedModelIsByteIdenticalToTheLocalFit(@TempDir Path dir) throws IOException {
    byte[] local = bytes(EASE.fit(matrix, FitListener.NONE), dir, "local");

    for (Execution execution : Execution.values()) {
      int partitions = execution == Execution.PARTITIONS ? 16 : 4;
      EaseModel spark = SparkFit.ease(EASE, data.repartition(partitions), execution);

      assertThat(bytes(spark, dir, "spark")).as("%s, %d partitions", execution, partitions).isEqualTo(local);
    }
    assertThat(bytes(Ease.of(10, 100, true).fit(matrix, FitListener.NONE), dir, "binary")).as("the weights mattered")
        .isNotEqualTo(local);
  }

  @Test
  void forget_weightedSmallBatch_downdates_byteIdenticalToCoresForget(@TempDir Path dir) throws IOException {
    Dataset<Row> batch = batch(40); // 8 customers: at most 40 / 4, downdated
    Erasure erasure = erasure(40);
    EaseModel full = SparkFit.ease(EASE, data);
    byte[] local = bytes((EaseModel) EASE.fit(matrix, FitListener.NONE).forget(erasure).model(), dir, "local");

    for (Execution execution : Execution.values()) {
      EaseModel forgotten = SparkFit.forget(full, data.only(batch, "id"), data.without(batch, "id"), execution);

      assertThat(bytes(forgotten, dir, "spark")).as("%s", execution).isEqualTo(local);
    }
    assertThat(full.downdates(erasure.size())).isTrue();
    assertThat(bytes(full, dir, "full")).as("the batch mattered").isNotEqualTo(local);
  }

  @Test
  void forget_weightedLargeBatch_refits_byteIdenticalToTheFitOnTheRemainingRowsAndCoresForget(@TempDir Path dir)
      throws IOException {
    Dataset<Row> batch = batch(5); // 60 customers: more than 40 / 4, refitted
    Erasure erasure = erasure(5);
    EaseModel full = SparkFit.ease(EASE, data);
    SparkInteractions remaining = data.without(batch, "id");
    byte[] fresh = bytes(EASE.fit(erasure.after(), FitListener.NONE), dir, "fresh");
    byte[] local = bytes((EaseModel) EASE.fit(matrix, FitListener.NONE).forget(erasure).model(), dir, "local");

    for (Execution execution : Execution.values()) {
      EaseModel forgotten = SparkFit.forget(full, data.only(batch, "id"), remaining, execution);

      assertThat(bytes(forgotten, dir, "spark")).as("%s", execution).isEqualTo(fresh).isEqualTo(local);
    }
    assertThat(full.downdates(erasure.size())).isFalse();
  }

  @Test
  void ease_weighted_onTheDataFramePath_usesDataFrameOperationsOnly() throws TimeoutException {
    RddUseListener listener = new RddUseListener();

    listener.watch(TestSpark.session(), () -> SparkFit.ease(EASE, data, Execution.DATA_FRAME));

    assertThat(listener.watchedJobs()).isPositive();
    assertThat(listener.datasetsAsRdds()).isEmpty();
    assertThat(listener.typedNodes()).isEmpty();
  }

  @Test
  void itemKnn_unbinarized_bothExecutions_savedModelIsByteIdenticalToTheLocalFit(@TempDir Path dir)
      throws IOException {
    for (ItemKnn knn : ITEM_KNN) {
      byte[] local = bytes(knn.fit(matrix, FitListener.NONE), dir, "local");

      for (Execution execution : Execution.values()) {
        int partitions = execution == Execution.PARTITIONS ? 16 : 3;
        ItemKnnModel spark = SparkFit.itemKnn(knn, data.repartition(partitions), execution);

        assertThat(bytes(spark, dir, "spark")).as("%s, %s, %d partitions", knn, execution, partitions)
            .isEqualTo(local);
      }
    }
    ItemKnn bm25 = ItemKnn.fromParams(Map.of("binarize", "false", "weighting", "bm25"));
    assertThatIllegalStateException().isThrownBy(() -> SparkFit.itemKnn(bm25, data, Execution.DATA_FRAME))
        .withMessageStartingWith("item-knn with binarize=false and weighting=bm25 has no exact statistic");
  }

  @Test
  void forget_itemKnnUnbinarized_bothExecutions_byteIdenticalToCoresForget(@TempDir Path dir) throws IOException {
    for (ItemKnn knn : ITEM_KNN) {
      ItemKnnModel full = SparkFit.itemKnn(knn, data);
      for (int step : new int[] {5, 97}) {
        byte[] local = bytes((ItemKnnModel) knn.fit(matrix, FitListener.NONE).forget(erasure(step)).model(), dir,
            "local");

        for (Execution execution : Execution.values()) {
          ItemKnnModel forgotten = SparkFit.forget(full, data.only(batch(step), "id"), execution);

          assertThat(bytes(forgotten, dir, "spark")).as("%s, step %d, %s", knn, step, execution).isEqualTo(local);
        }
        assertThat(bytes(full, dir, "full")).as("the batch mattered").isNotEqualTo(local);
      }
    }
    ItemKnnModel bm25 = ItemKnn.fromParams(Map.of("binarize", "false", "weighting", "bm25"))
        .fit(matrix, FitListener.NONE);
    assertThatIllegalStateException().isThrownBy(() -> SparkFit.forget(bm25, data.only(batch(5), "id")))
        .withMessageStartingWith("item-knn with weighting=bm25 cannot subtract customers");
  }

  @Test
  void itemKnnUnbinarized_onTheDataFramePath_usesDataFrameOperationsOnly() throws TimeoutException {
    RddUseListener listener = new RddUseListener();
    ItemKnn knn = ITEM_KNN.get(0);

    listener.watch(TestSpark.session(), () -> SparkFit.forget(SparkFit.itemKnn(knn, data, Execution.DATA_FRAME),
        data.only(batch(97), "id"), Execution.DATA_FRAME));

    assertThat(listener.watchedJobs()).isPositive();
    assertThat(listener.datasetsAsRdds()).isEmpty();
    assertThat(listener.typedNodes()).isEmpty();
  }
}
