package io.privrec.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.privrec.core.cf.Algorithms;
import io.privrec.core.cf.Ease;
import io.privrec.core.cf.ItemCounts;
import io.privrec.core.cf.ItemPairCounts;
import io.privrec.core.cf.Popularity;
import io.privrec.core.cf.PopularityModel;
import io.privrec.core.cf.dp.DpPopularity;
import io.privrec.core.cf.dp.DpPopularityModel;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.FitListener;
import io.privrec.dp.budget.LedgerEntry;
import io.privrec.dp.budget.PrivacyAccountant;
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

class SparkFitTest {
  private static TestEvents fixture;
  private static SparkInteractions data;

  @BeforeAll
  static void build() {
    fixture = new TestEvents(5, 400, 50, 25);
    data = fixture.spark();
  }

  @AfterAll
  static void free() {
    data.unpersist();
  }

  @Test
  void itemCounts_equalCoresOnTheSameEvents_underAnyPartitioning() {
    long[] local = ItemCounts.of(fixture.localMatrix()).counts();

    assertThat(SparkStatistics.itemCounts(data).counts()).containsExactly(local);
    assertThat(SparkStatistics.itemCounts(data.repartition(16)).counts()).containsExactly(local);
    assertThat(SparkStatistics.itemCounts(data).isBounded()).isFalse();
    assertThat(SparkStatistics.itemCounts(KeyedBounding.withFreshKey(3).apply(data)).maxItemsPerCustomer())
        .isEqualTo(3);
  }

  @Test
  void popularity_savedModelIsByteIdenticalToTheLocalFit(@TempDir Path dir) throws IOException {
    Path spark = dir.resolve("spark.model");
    Path local = dir.resolve("local.model");

    SparkFit.popularity(data).save(spark);
    Popularity.create().fit(fixture.localMatrix(), FitListener.NONE).save(local);

    assertThat(Files.readAllBytes(spark)).isEqualTo(Files.readAllBytes(local));
  }

  @Test
  void forget_popularity_equalsTheFitWithoutTheBatchAndCoresForget(@TempDir Path dir) throws IOException {
    List<Row> batch = new ArrayList<>();
    for (int c = 0; c < 400; c += 7) {
      batch.add(RowFactory.create("c" + c));
    }
    Dataset<Row> customers = TestSpark.session().createDataFrame(batch, new StructType().add("id",
        DataTypes.StringType));
    PopularityModel full = SparkFit.popularity(data);

    PopularityModel forgotten = SparkFit.forget(full, data.only(customers, "id"));

    Path updated = dir.resolve("forgotten");
    Path refitted = dir.resolve("refitted");
    Path local = dir.resolve("local");
    forgotten.save(updated);
    SparkFit.popularity(data.without(customers, "id")).save(refitted);
    InteractionMatrix matrix = data.toLocalMatrix();
    int[] erased = batch.stream().mapToInt(r -> matrix.users().indexOf(r.getString(0))).filter(u -> u >= 0)
        .sorted().toArray();
    ((PopularityModel) Popularity.create().fit(matrix, FitListener.NONE).forget(
        new Erasure(matrix, matrix.eraseUsers(erased), erased)).model()).save(local);
    assertThat(Files.readAllBytes(updated)).isEqualTo(Files.readAllBytes(refitted)).isEqualTo(Files.readAllBytes(local));
    assertThat(erased.length).isGreaterThan(10);
    assertThat(full.count(0)).isGreaterThan(forgotten.count(0));
    PopularityModel ofTheBatch = SparkFit.popularity(data.only(customers, "id"));
    assertThatIllegalArgumentException().isThrownBy(() -> SparkFit.forget(ofTheBatch, data))
        .withMessage("the erased rows must be part of the data this model was fitted on: an erased row holds an item"
            + " whose count would become negative");
  }

  @Test
  void ease_savedModelIsByteIdenticalToTheLocalFit_underAnyPartitioning(@TempDir Path dir) throws IOException {
    Ease ease = (Ease) Algorithms.create("ease", Map.of("lambda", "10"));
    Path local = dir.resolve("local.model");
    ease.fit(fixture.localMatrix(), FitListener.NONE).save(local);
    for (int partitions : new int[] {4, 16}) {
      Path spark = dir.resolve("spark-" + partitions + ".model");

      SparkFit.ease(ease, data.repartition(partitions)).save(spark);

      assertThat(Files.readAllBytes(spark)).as("%d partitions", partitions).isEqualTo(Files.readAllBytes(local));
    }
    assertThat(SparkStatistics.itemPairCounts(data).count(3, 1))
        .isEqualTo(ItemPairCounts.of(fixture.localMatrix()).count(3, 1));
  }

  @Test
  void ease_unsupportedConfiguration_rejectedBeforeAnySparkJob() {
    assertThatIllegalArgumentException().isThrownBy(() -> SparkFit.ease(
        (Ease) Algorithms.create("ease", Map.of("max-items", "10")), data))
        .withMessage("ease handles at most max-items = 10 items; the catalogue has 50");
  }

  @Test
  void dpPopularity_withTheSeededTestSource_savedModelIsByteIdenticalToTheLocalFitOnTheBoundedRows(
      @TempDir Path dir) throws IOException {
    int m = 4;
    SparkInteractions bounded = KeyedBounding.withFreshKey(m).apply(data);
    InteractionMatrix boundedLocally = bounded.toLocalMatrix();
    for (int topK : new int[] {0, 5}) {
      DpPopularity algorithm = DpPopularity.builder().maxItemsPerUser(m).topK(topK).insecureReproducibleForTesting(99)
          .build();
      Path spark = dir.resolve("spark-" + topK);
      Path local = dir.resolve("local-" + topK);
      PrivacyAccountant accountant = PrivacyAccountant.create(algorithm.budget());

      SparkFit.dpPopularity(algorithm, bounded, accountant).save(spark);
      algorithm.withCatalogue(fixture.catalogue).fit(boundedLocally, FitListener.NONE).save(local);

      assertThat(Files.readAllBytes(spark)).as("top-%d", topK).isEqualTo(Files.readAllBytes(local));
      assertThat(accountant.ledger()).extracting(LedgerEntry::label).contains("dp-popularity item counts");
    }
  }

  @Test
  void dpPopularity_onUnboundedData_boundsOnTheClusterAndReleasesOverTheCatalogue() {
    DpPopularity algorithm = DpPopularity.builder().maxItemsPerUser(3).build();

    DpPopularityModel model = SparkFit.dpPopularity(algorithm, data);

    assertThat(model.items().ids()).isEqualTo(fixture.catalogue.items().ids());
    assertThat(model.guarantee().holds()).isTrue();
    assertThat(model.guarantee().algorithm()).isEqualTo("dp-popularity");
  }

  /** Customer {@code c<n>}'s public attributes: an age band and a segment, functions of her id only. */
  private static Map<String, Object> attributesOf(String id) {
    int n = Integer.parseInt(id.substring(1));
    return Map.of("age", 20 + 10 * (n % 5), "segment", "s" + (n / 5) % 3);
  }

  @Test
  void dpPopularity_withSparkCohorts_seededTestSource_savedModelIsByteIdenticalToTheLocalFit(@TempDir Path dir)
      throws IOException {
    int m = 4;
    SparkInteractions bounded = KeyedBounding.withFreshKey(m).apply(data);
    InteractionMatrix boundedLocally = bounded.toLocalMatrix();
    // k-anonymous cohorts of the customers' attributes, fitted by Spark; one customer without events.
    List<Row> customers = new ArrayList<>();
    for (int u = 0; u <= boundedLocally.numUsers(); u++) {
      String id = "c" + u;
      customers.add(RowFactory.create(id, attributesOf(id).get("age"), attributesOf(id).get("segment")));
    }
    Dataset<Row> frame = TestSpark.session().createDataFrame(customers, new StructType()
        .add("customer_id", DataTypes.StringType).add("age", DataTypes.IntegerType)
        .add("segment", DataTypes.StringType));
    SparkCohorts.Result cohorts = SparkCohorts.fit(frame, "customer_id", List.of("age", "segment"), 40);
    int numCohorts = cohorts.cohorts().count();
    assertThat(numCohorts).isGreaterThan(2);
    for (int topK : new int[] {0, 5}) {
      DpPopularity algorithm = DpPopularity.builder().maxItemsPerUser(m).topK(topK)
          .cohorts(numCohorts, id -> cohorts.cohorts().cohortOf(attributesOf(id)))
          .insecureReproducibleForTesting(99).build();
      Path spark = dir.resolve("spark-" + topK);
      Path local = dir.resolve("local-" + topK);
      PrivacyAccountant accountant = PrivacyAccountant.create(algorithm.budget());

      SparkFit.dpPopularity(algorithm, bounded, cohorts.assignments(), "customer_id", SparkCohorts.COHORT,
          accountant).save(spark);
      algorithm.withCatalogue(fixture.catalogue).fit(boundedLocally, FitListener.NONE).save(local);

      assertThat(Files.readAllBytes(spark)).as("top-%d", topK).isEqualTo(Files.readAllBytes(local));
      assertThat(accountant.ledger()).extracting(LedgerEntry::label).contains("dp-popularity cohort item counts");
    }
  }

  @Test
  void dpPopularity_unusableCohortAssignment_rejectedBeforeAnythingIsCharged() {
    StructType schema = new StructType().add("customer", DataTypes.StringType).add("cohort", DataTypes.IntegerType);
    DpPopularity withCohorts = DpPopularity.builder().maxItemsPerUser(3).cohorts(2, id -> 0).build();
    PrivacyAccountant accountant = PrivacyAccountant.create(withCohorts.budget());
    Dataset<Row> twice = TestSpark.session().createDataFrame(List.of(RowFactory.create("c1", 0),
        RowFactory.create("c1", 1)), schema);
    Dataset<Row> outside = TestSpark.session().createDataFrame(List.of(RowFactory.create("c1", 2)), schema);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> SparkFit.dpPopularity(withCohorts, data, twice, "customer", "cohort", accountant))
        .withMessage("the cohort assignments must hold at most one row per customer; a customer is listed more"
            + " than once (not quoted)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SparkFit.dpPopularity(withCohorts, data, outside, "customer", "cohort", accountant))
        .withMessage("the cohort assignments give a customer of the data a cohort outside [-1, 2) (neither is"
            + " quoted)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SparkFit.dpPopularity(withCohorts, data, outside, "id", "cohort", accountant))
        .withMessage("the cohort assignments have no column 'id'; their columns: [customer, cohort]");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SparkFit.dpPopularity(withCohorts, data, outside, "customer", "customer", accountant))
        .withMessage("the cohort column 'customer' must be integral. Provided type: string");
    DpPopularity withoutCohorts = DpPopularity.builder().build();
    assertThatIllegalStateException()
        .isThrownBy(() -> SparkFit.dpPopularity(withoutCohorts, data, outside, "customer", "cohort", accountant))
        .withMessage("a cohort assignment needs dp-popularity with cohorts: the algorithm has none");
    assertThat(accountant.ledger()).isEmpty();
  }

  @Test
  void dpPopularity_unsupportedConfiguration_rejectedBeforeAnySparkJob() {
    DpPopularity withCohorts = DpPopularity.builder().cohorts(2, id -> 0).build();
    assertThatIllegalStateException().isThrownBy(() -> SparkFit.dpPopularity(withCohorts, data))
        .withMessage("dp-popularity with cohorts needs the customers' cohort assignment on Spark: pass it to"
            + " dpPopularity(algorithm, data, cohorts, customer, cohort, accountant)");
    DpPopularity otherCatalogue = DpPopularity.builder().build().withCatalogue(Catalogue.of(List.of("p00")));
    assertThatIllegalArgumentException().isThrownBy(() -> SparkFit.dpPopularity(otherCatalogue, data))
        .withMessage("the algorithm's catalogue (1 items) must be the data's catalogue (50 items, same ids in the"
            + " same order)");
  }
}
