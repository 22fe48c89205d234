package io.privrec.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.privrec.core.PrivateRecommender;
import io.privrec.core.ScoredItem;
import io.privrec.core.cf.Algorithms;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
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
  }
}
