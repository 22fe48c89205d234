package io.privrec.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.privrec.core.PrivateRecommender;
import io.privrec.core.ScoredItem;
import io.privrec.core.cf.Algorithms;
import io.privrec.core.cf.Ease;
import io.privrec.core.cf.dp.DpEase;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.spark.SparkStatistics.Execution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SparkScoringTest {
  private static final int K = 5;
  private static TestEvents fixture;
  private static SparkInteractions data;

  @BeforeAll
  static void build() {
    fixture = new TestEvents(21, 150, 30, 12);
    data = fixture.spark();
  }

  @AfterAll
  static void free() {
    data.unpersist();
  }

  /** Customer id → her list, in rank order, from the Spark result. */
  private static Map<String, List<ScoredItem>> lists(List<Row> rows) {
    Map<String, List<ScoredItem>> out = new HashMap<>();
    rows.stream().sorted((a, b) -> Integer.compare(a.getInt(1), b.getInt(1))).forEach(r ->
        out.computeIfAbsent(r.getString(0), c -> new ArrayList<>()).add(new ScoredItem(r.getString(2), r.getFloat(3))));
    return out;
  }

  private static void assertEqualsFacade(String algorithm, ItemScorer model) {
    InteractionMatrix local = fixture.localMatrix();
    PrivateRecommender facade = PrivateRecommender.builder().data(local).catalogue(fixture.catalogue)
        .algorithm(algorithm).build();

    Map<String, List<ScoredItem>> spark = lists(SparkScoring.topK(model, data.repartition(3), K).collectAsList());

    int customers = 0;
    for (int u = 0; u < local.numUsers(); u++) {
      if (local.rowLength(u) == 0) {
        continue; // no row in Spark: nothing to score
      }
      String id = local.users().id(u);
      assertThat(spark.get(id)).as("%s for %s", algorithm, id).isEqualTo(facade.recommend(id, K));
      customers++;
    }
    assertThat(spark).hasSize(customers);
  }

  @Test
  void topK_popularityFittedOnSpark_equalsTheFacadesRecommendations() {
    assertEqualsFacade("popularity", SparkFit.popularity(data));
  }

  @Test
  void topK_itemKnnFittedLocally_equalsTheFacadesRecommendations() {
    assertEqualsFacade("item-knn", Algorithms.create("item-knn", Map.of()).fit(fixture.localMatrix(),
        FitListener.NONE));
  }

  /** The rows of a result as "customer rank item score-bits", sorted by customer and rank. */
  private static List<String> sorted(Dataset<Row> result) {
    return result.collectAsList().stream()
        .sorted(Comparator.comparing((Row r) -> r.getString(0)).thenComparingInt(r -> r.getInt(1)))
        .map(r -> r.getString(0) + " " + r.getInt(1) + " " + r.getString(2) + " "
            + Integer.toHexString(Float.floatToRawIntBits(r.getFloat(3))))
        .toList();
  }

  private static void assertBothPathsAgree(ItemScorer model, SparkInteractions on, int k) {
    Dataset<Row> partitionResult = SparkScoring.topK(model, on.repartition(3), k, Execution.PARTITIONS);
    List<String> partitions = sorted(partitionResult);
    Dataset<Row> frame = SparkScoring.topK(model, on.repartition(2), k, Execution.DATA_FRAME);

    assertThat(sorted(frame)).as("%s, k = %d", model.getClass().getSimpleName(), k).isEqualTo(partitions)
        .isNotEmpty();
    assertThat(frame.schema().fieldNames()).containsExactly("customer", "rank", "item", "score");
    assertThat(Arrays.stream(frame.schema().fields()).map(StructField::dataType))
        .containsExactlyElementsOf(Arrays.stream(partitionResult.schema().fields()).map(StructField::dataType).toList());
    assertThat(frame.queryExecution().toString()).contains("privrec_score_top_k")
        .doesNotContain("MapPartitions", "MapElements", "DeserializeToObject", "SerializeFromObject");
  }

  @Test
  void topK_dataFramePath_givesThePartitionPathsRows_forPublicAndPrivateModels() {
    DpEase dpEase = DpEase.builder().maxItemsPerUser(6).epsilon(3).candidateThreshold(1)
        .insecureRandomSourceForTesting(5).build();
    List<ItemScorer> models = List.of(
        SparkFit.popularity(data),
        Algorithms.create("item-knn", Map.of()).fit(fixture.localMatrix(), FitListener.NONE),
        SparkFit.ease((Ease) Algorithms.create("ease", Map.of()), data),
        SparkFit.dpEase(dpEase, data, PrivacyAccountant.create(dpEase.budget()), Execution.DATA_FRAME));

    for (ItemScorer model : models) {
      assertBothPathsAgree(model, data, K);
    }
    // k above the catalogue's 30 items: every unseen item, on both paths.
    assertBothPathsAgree(models.get(1), data, 45);
  }

  @Test
  void topK_customerWhoHoldsEveryItem_getsNoRowOnEitherPath() {
    List<Row> events = new ArrayList<>();
    for (String item : List.of("a", "b", "c", "d")) {
      events.add(RowFactory.create("everything", item, 1, 1_700_000_000L));
    }
    events.add(RowFactory.create("some", "b", 2, 1_700_000_000L));
    events.add(RowFactory.create("some", "d", 1, 1_700_000_000L));
    events.add(RowFactory.create("one", "a", 1, 1_700_000_000L));
    SparkInteractions small = SparkInteractions.from(TestSpark.session().createDataFrame(events, TestEvents.SCHEMA))
        .customer("customer_id").item("sku").weight("weight").catalogue(Catalogue.of(List.of("a", "b", "c", "d")));
    try {
      ItemScorer model = SparkFit.popularity(small);

      assertBothPathsAgree(model, small, 10);
      assertThat(sorted(SparkScoring.topK(model, small, 10, Execution.DATA_FRAME))).extracting(r -> r.split(" ")[0])
          .containsOnly("some", "one").hasSize(2 + 3);
    } finally {
      small.unpersist();
    }
  }

  @Test
  void topK_schemaAndBadArguments() {
    ItemScorer model = SparkFit.popularity(data);

    assertThat(SparkScoring.topK(model, data, 0).count()).isZero();
    assertThat(SparkScoring.topK(model, data, 1).schema().fieldNames()).containsExactly("customer", "rank", "item",
        "score");
    assertThatIllegalArgumentException().isThrownBy(() -> SparkScoring.topK(model, data, -1))
        .withMessage("k must be >= 0. Provided value: -1");
    TestEvents other = new TestEvents(1, 5, 7, 3);
    ItemScorer otherModel = Algorithms.create("popularity", Map.of()).fit(other.localMatrix(), FitListener.NONE);
    assertThatIllegalArgumentException().isThrownBy(() -> SparkScoring.topK(otherModel, data, 3))
        .withMessage("the model's items (7) must be the data's catalogue (30 items, same ids in the same order)");
    assertThat(SparkScoring.topK(model, data, 0, Execution.DATA_FRAME).count()).isZero();
    assertThatIllegalArgumentException().isThrownBy(() -> SparkScoring.topK(model, data, -1, Execution.DATA_FRAME))
        .withMessage("k must be >= 0. Provided value: -1");
    assertThatIllegalArgumentException().isThrownBy(() -> SparkScoring.topK(otherModel, data, 3,
        Execution.DATA_FRAME)).withMessageStartingWith("the model's items (7) must be the data's catalogue");
    assertThatNullPointerException().isThrownBy(() -> SparkScoring.topK(model, data, 3, null))
        .withMessage("execution");
  }
}
