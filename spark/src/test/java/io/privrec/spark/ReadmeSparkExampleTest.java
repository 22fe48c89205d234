package io.privrec.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.core.cf.dp.DpPopularity;
import io.privrec.core.cf.dp.DpPopularityModel;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Spark example, verbatim in {@link #main}, so that it keeps compiling and working. */
class ReadmeSparkExampleTest {

  /** The body of the README's {@code ShopJob.main}. */
  static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().appName("privrec").getOrCreate();
    Dataset<Row> events = spark.read().parquet(args[0]);     // customer_id, sku, weight, ts
    Dataset<Row> products = spark.read().parquet(args[1]);   // the public catalogue: sku
    SparkInteractions data = SparkInteractions.from(events)
        .customer("customer_id").item("sku").weight("weight").time("ts")
        .catalogue(products, "sku");                         // one cached row per customer
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(1.0, 1e-6));
    DpPopularityModel model = SparkFit.dpPopularity(
        DpPopularity.builder().epsilon(1.0).maxItemsPerUser(20).build(), data, accountant);
    model.save(Path.of(args[2]));                            // the release: publishable
    SparkScoring.topK(model, data, 10).write().parquet(args[3]);  // customer, rank, item, score
    data.unpersist();
  }

  @Test
  void shopJob_writesThePublishableModelAndEveryCustomersList(@TempDir Path dir) throws Exception {
    TestEvents fixture = new TestEvents(2, 60, 25, 15);
    String events = dir.resolve("events.parquet").toString();
    String products = dir.resolve("products.parquet").toString();
    fixture.frame().write().parquet(events);
    fixture.products().write().parquet(products);
    Path model = dir.resolve("dp-popularity.model");
    String recommendations = dir.resolve("recommendations.parquet").toString();
    SparkSession spark = TestSpark.session();

    main(new String[] {events, products, model.toString(), recommendations});

    DpPopularityModel loaded = DpPopularityModel.load(model);
    assertThat(loaded.items().ids()).isEqualTo(fixture.catalogue.items().ids());
    assertThat(loaded.guarantee().holds()).isTrue();
    Dataset<Row> lists = spark.read().parquet(recommendations);
    assertThat(lists.schema().fieldNames()).containsExactly("customer", "rank", "item", "score");
    InteractionMatrix local = fixture.localMatrix();
    long customersWithCatalogueItems = IntStream.range(0, local.numUsers()).filter(u -> local.rowLength(u) > 0).count();
    assertThat(lists.select("customer").distinct().count()).isEqualTo(customersWithCatalogueItems);
    assertThat(lists.groupBy("customer").count().collectAsList()).allSatisfy(r -> assertThat(r.getLong(1))
        .isBetween(1L, 10L));
  }
}
