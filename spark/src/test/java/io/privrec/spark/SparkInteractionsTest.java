package io.privrec.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.privrec.core.data.Catalogue;
import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SparkInteractionsTest {

  private static Dataset<Row> events(Object[]... rows) {
    StructType schema = new StructType().add("who", DataTypes.StringType).add("what", DataTypes.StringType)
        .add("w", DataTypes.DoubleType).add("when", DataTypes.TimestampType);
    return TestSpark.session().createDataFrame(java.util.Arrays.stream(rows).map(RowFactory::create).toList(),
        schema);
  }

  private static Timestamp at(long epochSecond) {
    return new Timestamp(epochSecond * 1000);
  }

  @Test
  void rows_equalCoresMatrixOfTheSameEventsOnTheCatalogue() {
    TestEvents fixture = new TestEvents(1, 200, 40, 30);
    SparkInteractions data = fixture.spark();
    try {
      InteractionMatrix spark = data.toLocalMatrix();
      InteractionMatrix local = fixture.localMatrix();

      assertThat(data.catalogue().items().ids()).isEqualTo(fixture.catalogue.items().ids());
      assertThat(spark.items().ids()).isEqualTo(fixture.catalogue.items().ids());
      int nonEmpty = 0;
      for (int u = 0; u < local.numUsers(); u++) {
        String id = local.users().id(u);
        if (local.rowLength(u) == 0) {
          assertThat(spark.users().contains(id)).as("customer without catalogue items has no row").isFalse();
          continue;
        }
        nonEmpty++;
        int s = spark.users().require(id);
        assertThat(spark.rowItems(s)).as(id).containsExactly(local.rowItems(u));
        assertThat(spark.rowWeights(s)).as(id).containsExactly(local.rowWeights(u));
        for (int k = 0; k < local.rowLength(u); k++) {
          assertThat(spark.timeAt(spark.rowStart(s) + k)).isEqualTo(local.timeAt(local.rowStart(u) + k));
        }
      }
      assertThat(data.numCustomers()).isEqualTo(nonEmpty);
      assertThat(spark.numUsers()).isEqualTo(nonEmpty);
      assertThat(data.hasTimes()).isTrue();
      assertThat(data.isBounded()).isFalse();
    } finally {
      data.unpersist();
    }
  }

  @Test
  void catalogue_isIndexedInCoresOrderNotByTheItemsTheDataHolds() {
    Dataset<Row> ev = events(new Object[] {"a", "z", 1.0, at(10)}, new Object[] {"a", "m", 2.0, at(11)},
        new Object[] {"b", "m", 1.0, at(12)}, new Object[] {"b", "other", 5.0, at(13)});
    Dataset<Row> products = TestSpark.session().createDataFrame(
        List.of(RowFactory.create("z"), RowFactory.create("m"), RowFactory.create("b0"), RowFactory.create("a1")),
        new StructType().add("id", DataTypes.StringType));

    SparkInteractions sorted = SparkInteractions.from(ev).customer("who").item("what").catalogue(products, "id");
    SparkInteractions given = SparkInteractions.from(ev).customer("who").item("what")
        .catalogue(Catalogue.of(List.of("z", "unsold", "m")));

    assertThat(sorted.catalogue().items().ids()).containsExactly("a1", "b0", "m", "z");
    InteractionMatrix s = sorted.toLocalMatrix();
    assertThat(s.rowItems(s.users().require("a"))).containsExactly(2, 3);
    assertThat(s.rowItems(s.users().require("b"))).containsExactly(2);
    assertThat(s.rowWeights(s.users().require("a"))).containsExactly(1f, 1f);
    assertThat(sorted.hasTimes()).isFalse();
    InteractionMatrix g = given.toLocalMatrix();
    assertThat(g.items().ids()).containsExactly("z", "unsold", "m");
    assertThat(g.rowItems(g.users().require("a"))).containsExactly(0, 2);
  }

  @Test
  void duplicates_combinedDeterministicallyUnderEachPolicy() {
    Dataset<Row> ev = events(new Object[] {"a", "x", 2.0, at(30)}, new Object[] {"a", "x", 5.0, at(10)},
        new Object[] {"a", "x", 3.0, at(30)}, new Object[] {"a", "y", 4.0, at(1)},
        new Object[] {"a", "y", -4.0, at(2)}, new Object[] {"b", "y", 1.5, at(7)});
    Catalogue catalogue = Catalogue.of(List.of("x", "y"));

    InteractionMatrix sum = build(ev, DuplicatePolicy.SUM, catalogue);
    InteractionMatrix max = build(ev, DuplicatePolicy.MAX, catalogue);
    InteractionMatrix latest = build(ev, DuplicatePolicy.LATEST, catalogue);

    int a = sum.users().require("a");
    assertThat(sum.rowItems(a)).as("a's y sums to 0 and is dropped").containsExactly(0);
    assertThat(sum.rowWeights(a)).containsExactly(10f);
    assertThat(sum.timeAt(sum.rowStart(a))).isEqualTo(30);
    int am = max.users().require("a");
    assertThat(max.rowWeights(am)).containsExactly(5f, 4f);
    assertThat(max.timeAt(max.rowStart(am))).isEqualTo(10);
    int al = latest.users().require("a");
    assertThat(latest.rowItems(al)).as("the latest y is -4: dropped").containsExactly(0);
    assertThat(latest.rowWeights(al)).as("two events at the latest time: the larger weight").containsExactly(3f);
    assertThatIllegalArgumentException().isThrownBy(() -> build(ev, DuplicatePolicy.REJECT, catalogue))
        .withMessage("a (customer, item) pair occurs in more than one event (duplicate policy REJECT; ids are not"
            + " quoted)");
  }

  private static InteractionMatrix build(Dataset<Row> ev, DuplicatePolicy policy, Catalogue catalogue) {
    SparkInteractions data = SparkInteractions.from(ev).customer("who").item("what").weight("w").time("when")
        .duplicates(policy).catalogue(catalogue);
    try {
      return data.toLocalMatrix();
    } finally {
      data.unpersist();
    }
  }

  @Test
  void invalidEvents_rejectedNamingTheColumnNeverAnId() {
    Catalogue catalogue = Catalogue.of(List.of("x"));
    assertThatIllegalArgumentException().isThrownBy(() -> SparkInteractions.from(events(
        new Object[] {"secret-7", "x", Double.NaN, at(1)})).customer("who").item("what").weight("w")
        .catalogue(catalogue))
        .withMessage("weight column 'w' must hold finite numbers; an event has a null, NaN or infinite weight");
    assertThatIllegalArgumentException().isThrownBy(() -> SparkInteractions.from(events(
        new Object[] {null, "x", 1.0, at(1)})).customer("who").item("what").catalogue(catalogue))
        .withMessage("customer column 'who' must hold non-empty ids; an event has a null or empty id");
    assertThatIllegalArgumentException().isThrownBy(() -> SparkInteractions.from(events(
        new Object[] {"secret\n7", "x", 1.0, at(1)})).customer("who").item("what").catalogue(catalogue))
        .withMessage("customer ids must not contain NUL, CR or LF characters; an id in column 'who' does (the id is"
            + " not quoted)");
    assertThatIllegalArgumentException().isThrownBy(() -> SparkInteractions.from(events(
        new Object[] {"a", "x", 1.0, null})).customer("who").item("what").time("when").catalogue(catalogue))
        .withMessage("time column 'when' must not be null; an event has none");
  }

  @Test
  void badColumns_rejectedBeforeAnyJob() {
    Dataset<Row> ev = events(new Object[] {"a", "x", 1.0, at(1)});
    assertThatIllegalArgumentException().isThrownBy(() -> SparkInteractions.from(ev).customer("customer"))
        .withMessage("the events have no customer column 'customer'; their columns: [who, what, w, when]");
    assertThatIllegalArgumentException().isThrownBy(() -> SparkInteractions.from(ev).weight("what"))
        .withMessage("weight column 'what' must be numeric. Provided type: string");
    assertThatIllegalArgumentException().isThrownBy(() -> SparkInteractions.from(ev).time("w"))
        .withMessage("time column 'w' must be a timestamp, a date or integral epoch seconds. Provided type: double");
    assertThatIllegalStateException().isThrownBy(() -> SparkInteractions.from(ev).customer("who")
        .catalogue(Catalogue.of(List.of("x"))))
        .withMessage("set the customer and item columns before the catalogue");
    Dataset<Row> products = TestSpark.session().createDataFrame(List.of(RowFactory.create("x"),
        RowFactory.create("x")), new StructType().add("id", DataTypes.StringType));
    assertThatIllegalArgumentException().isThrownBy(() -> SparkInteractions.from(ev).customer("who").item("what")
        .catalogue(products, "id"))
        .withMessage("catalogue id at position 1 repeats an earlier id");
    assertThatIllegalArgumentException().isThrownBy(() -> SparkInteractions.from(ev).customer("who").item("what")
        .catalogue(products, "sku"))
        .withMessage("the catalogue has no column 'sku'; its columns: [id]");
  }

  @Test
  void repartition_keepsTheRows() {
    TestEvents fixture = new TestEvents(3, 80, 20, 10);
    SparkInteractions data = fixture.spark();
    try {
      SparkInteractions sixteen = data.repartition(16);

      assertThat(sixteen.rows().rdd().getNumPartitions()).isEqualTo(16);
      assertThat(sixteen.toLocalMatrix().numInteractions()).isEqualTo(data.toLocalMatrix().numInteractions());
      assertThat(sixteen.rows().collectAsList()).containsExactlyInAnyOrderElementsOf(data.rows().collectAsList());
    } finally {
      data.unpersist();
    }
  }
}
