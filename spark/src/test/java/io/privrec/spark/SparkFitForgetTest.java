package io.privrec.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.privrec.core.cf.Algorithms;
import io.privrec.core.cf.Ease;
import io.privrec.core.cf.EaseModel;
import io.privrec.core.cf.ItemKnn;
import io.privrec.core.cf.ItemKnnModel;
import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.IdIndex;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Erasure of a batch of customers from item-kNN and EASE models fitted on Spark, against core's local forget. */
class SparkFitForgetTest {
  private static SparkInteractions data;
  private static InteractionMatrix matrix;

  @BeforeAll
  static void build() {
    data = new TestEvents(11, 400, 50, 25).spark();
    // Customers in increasing id order, the order in which the Spark forget downdates by them.
    matrix = data.toLocalMatrix();
  }

  @AfterAll
  static void free() {
    data.unpersist();
  }

  /** The customers {@code c0, c<step>, c<2·step>…} below {@code c400}, as a one-column DataFrame {@code id}. */
  private static Dataset<Row> batch(int step) {
    List<Row> ids = new ArrayList<>();
    for (int c = 0; c < 400; c += step) {
      ids.add(RowFactory.create("c" + c));
    }
    return TestSpark.session().createDataFrame(ids, new StructType().add("id", DataTypes.StringType));
  }

  /** The erasure of {@code batch}'s customers from the local matrix. */
  private static Erasure erasure(Dataset<Row> batch) {
    int[] users = batch.collectAsList().stream().mapToInt(r -> matrix.users().indexOf(r.getString(0)))
        .filter(u -> u >= 0).sorted().toArray();
    return new Erasure(matrix, matrix.eraseUsers(users), users);
  }

  private static byte[] bytes(SavableModel model, Path dir, String name) throws IOException {
    Path file = dir.resolve(name);
    model.save(file);
    return Files.readAllBytes(file);
  }

  @Test
  void forget_itemKnn_bothExecutions_byteIdenticalToCoresForgetAndToTheFitWithoutTheBatch(@TempDir Path dir)
      throws IOException {
    Dataset<Row> batch = batch(7);
    Erasure erasure = erasure(batch);
    for (ItemKnn knn : List.of(ItemKnn.fromParams(Map.of("weighting", "none", "neighbours", "4", "min-support", "2")),
        ItemKnn.fromParams(Map.of("neighbours", "4")))) {
      ItemKnnModel full = SparkFit.itemKnn(knn, data);
      byte[] local = bytes((ItemKnnModel) knn.fit(matrix, FitListener.NONE).forget(erasure).model(), dir, "local");
      byte[] refitted = bytes(SparkFit.itemKnn(knn, data.without(batch, "id")), dir, "refitted");

      for (Execution execution : Execution.values()) {
        ItemKnnModel forgotten = SparkFit.forget(full, data.only(batch, "id"), execution);

        assertThat(bytes(forgotten, dir, "spark-" + execution)).as("%s, %s", knn, execution).isEqualTo(local)
            .isEqualTo(refitted);
      }
      assertThat(bytes(full, dir, "full")).as("the batch mattered").isNotEqualTo(local);
    }
    assertThat(erasure.size()).isGreaterThan(50);
  }

  @Test
  void forget_itemKnn_rowsNotInTheModelOrUnsupportedConfiguration_refusedWithoutIds() {
    ItemKnn knn = ItemKnn.fromParams(Map.of("weighting", "none"));
    Dataset<Row> batch = batch(9);
    ItemKnnModel ofTheBatch = SparkFit.itemKnn(knn, data.only(batch, "id"));

    assertThatIllegalArgumentException().isThrownBy(() -> SparkFit.forget(ofTheBatch, data))
        .withMessageStartingWith("cannot remove a profile that is not part of the data: ")
        .withMessageNotContaining("c9").withMessageNotContaining("p0");
    ItemKnnModel weightedBm25 = ItemKnn.builder().binarize(false).weighting(ItemKnn.Weighting.BM25).build()
        .fit(matrix, FitListener.NONE);
    assertThatIllegalStateException().isThrownBy(() -> SparkFit.forget(weightedBm25, data))
        .withMessageStartingWith("item-knn with weighting=bm25 cannot subtract customers");
    ItemKnnModel bm25 = ItemKnn.builder().weighting(ItemKnn.Weighting.BM25).build().fit(matrix, FitListener.NONE);
    assertThatIllegalStateException().isThrownBy(() -> SparkFit.forget(bm25, data))
        .withMessageStartingWith("item-knn with weighting=bm25 cannot subtract customers");
    InteractionMatrix.Builder other = InteractionMatrix.builder(DuplicatePolicy.REJECT, IdIndex.of("user", List.of()),
        IdIndex.of("item", List.of("p00", "p01")));
    other.internUser("u");
    other.add("u", "p00", 1f);
    ItemKnnModel narrower = knn.fit(other.build(), FitListener.NONE);
    assertThatIllegalArgumentException().isThrownBy(() -> SparkFit.forget(narrower, data))
        .withMessage("the model's items (2) must be the erased rows' catalogue (50 items, same ids in the same order)");
  }

  @Test
  void forget_easeSmallBatch_downdates_byteIdenticalToCoresForget(@TempDir Path dir) throws IOException {
    Ease ease = (Ease) Algorithms.create("ease", Map.of("lambda", "10"));
    Dataset<Row> batch = batch(40); // 10 customers: at most 50 / 4, downdated
    Erasure erasure = erasure(batch);
    EaseModel full = SparkFit.ease(ease, data);
    EaseModel localFull = ease.fit(matrix, FitListener.NONE);

    EaseModel forgotten = SparkFit.forget(full, data.only(batch, "id"), data.without(batch, "id"));

    assertThat(full.downdates(erasure.size())).isTrue();
    assertThat(bytes(forgotten, dir, "spark")).isEqualTo(bytes((EaseModel) localFull.forget(erasure).model(), dir,
        "local"));
    assertThat(bytes(forgotten, dir, "spark")).as("the batch mattered").isNotEqualTo(bytes(full, dir, "full"));
    assertThat(SparkFit.forget(full, data.only(batch(1).limit(0), "id"), data)).isSameAs(full);
  }

  @Test
  void forget_easeLargeBatch_refits_byteIdenticalToTheFitOnTheRemainingRowsAndCoresForget(@TempDir Path dir)
      throws IOException {
    Ease ease = (Ease) Algorithms.create("ease", Map.of("lambda", "10"));
    Dataset<Row> batch = batch(6); // 67 customers: more than 50 / 4, refitted
    Erasure erasure = erasure(batch);
    EaseModel full = SparkFit.ease(ease, data);
    SparkInteractions remaining = data.without(batch, "id");

    EaseModel forgotten = SparkFit.forget(full, data.only(batch, "id"), remaining);

    assertThat(full.downdates(erasure.size())).isFalse();
    assertThat(bytes(forgotten, dir, "spark"))
        .isEqualTo(bytes(ease.fit(erasure.after(), FitListener.NONE), dir, "fresh"))
        .isEqualTo(bytes((EaseModel) ease.fit(matrix, FitListener.NONE).forget(erasure).model(), dir, "local"));
  }
}
