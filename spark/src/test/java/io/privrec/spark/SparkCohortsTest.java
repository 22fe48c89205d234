package io.privrec.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.privrec.dp.kanon.Cohorts;
import io.privrec.dp.kanon.ColumnType;
import io.privrec.dp.kanon.Hierarchy;
import io.privrec.dp.kanon.Table;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SparkCohortsTest {

  private static final Hierarchy CITIES = Hierarchy.of(List.of(List.of("paris", "france", "*"),
      List.of("lyon", "france", "*"), List.of("berlin", "germany", "*"), List.of("munich", "germany", "*")));

  private static byte[] bytes(Cohorts c) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    c.writeTo(out);
    return out.toByteArray();
  }

  /**
   * The Spark cohorts equal the local fit on the customers (row {@code r} of {@code local} is the
   * customer with id {@code r}): same bytes, count, descriptions and sizes, and every customer's
   * cohort; every cohort holds at least k customers.
   */
  private static void assertSameAsLocal(SparkCohorts.Result spark, Cohorts local, int customers, int k)
      throws IOException {
    Cohorts cohorts = spark.cohorts();
    assertThat(bytes(cohorts)).isEqualTo(bytes(local));
    assertThat(cohorts.count()).isEqualTo(local.count());
    for (int c = 0; c < local.count(); c++) {
      assertThat(cohorts.describe(c)).isEqualTo(local.describe(c));
      assertThat(cohorts.size(c)).isEqualTo(local.size(c)).isGreaterThanOrEqualTo(k);
    }
    assertThat(spark.assignments().columns()).containsExactly("id", SparkCohorts.COHORT);
    List<Row> assigned = spark.assignments().collectAsList();
    assertThat(assigned).hasSize(customers);
    Map<Integer, Integer> perCohort = new HashMap<>();
    for (Row r : assigned) {
      int id = ((Number) r.get(0)).intValue();
      assertThat(r.getInt(1)).as("cohort of customer %d", id).isEqualTo(local.cohortOf(id));
      perCohort.merge(r.getInt(1), 1, Integer::sum);
    }
    assertThat(perCohort.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(k));
  }

  @Test
  void fit_smallDataFrame_equalsTheLocalFitCustomerForCustomer() throws IOException {
    StructType schema = new StructType().add("id", DataTypes.IntegerType).add("age", DataTypes.IntegerType)
        .add("city", DataTypes.StringType).add("segment", DataTypes.StringType).add("since", DataTypes.DateType)
        .add("spend", DataTypes.DoubleType);
    Table.Builder local = Table.builder().column("id", ColumnType.INTEGER).column("age", ColumnType.INTEGER)
        .column("city", ColumnType.STRING).column("segment", ColumnType.STRING).column("since", ColumnType.DATE)
        .column("spend", ColumnType.DECIMAL);
    SplittableRandom random = new SplittableRandom(16);
    List<Row> rows = new ArrayList<>();
    int n = 60;
    for (int id = 0; id < n; id++) {
      int age = 20 + 5 * random.nextInt(6);
      String city = CITIES.values().get(random.nextInt(4));
      // A null segment is the empty category, as in a table read from a file.
      String segment = random.nextInt(8) == 0 ? null : "s" + random.nextInt(3);
      LocalDate since = LocalDate.of(2025, 3, 1).plusDays(random.nextInt(5));
      double spend = random.nextInt(4) * 12.5;
      rows.add(RowFactory.create(id, age, city, segment, Date.valueOf(since), spend));
      local.addRow(id, age, city, segment, since, spend);
    }
    List<String> qis = List.of("age", "city", "segment", "since", "spend");
    int k = 4;
    Dataset<Row> customers = TestSpark.session().createDataFrame(rows, schema).repartition(3);

    SparkCohorts.Result spark = SparkCohorts.fit(customers, "id", qis, Map.of("city", CITIES), k);

    assertSameAsLocal(spark, Cohorts.fit(local.build(), qis, Map.of("city", CITIES), k), n, k);
    assertThat(spark.cohorts().count()).isGreaterThan(3);
  }

  @Test
  void fit_adult_equalsTheLocalFitCustomerForCustomer() throws IOException {
    String shared = System.getProperty("privrec.shared.data");
    Path dir = shared == null ? null : Path.of(shared, "adult");
    assumeTrue(dir != null && Files.isDirectory(dir), "shared Adult data (privrec.shared.data/adult) absent: skipping");
    Table table = Table.readDelimited(dir.resolve("adult.csv"), ';', Map.of("age", ColumnType.INTEGER));
    List<String> qis = List.of("sex", "age", "race", "marital-status", "education");
    Map<String, Hierarchy> hierarchies = Map.of("education",
        Hierarchy.readCsv(dir.resolve("adult_hierarchy_education.csv"), ';'));
    StructType schema = new StructType().add("id", DataTypes.IntegerType);
    for (String qi : qis) {
      schema = schema.add(qi, qi.equals("age") ? DataTypes.IntegerType : DataTypes.StringType);
    }
    List<Row> rows = new ArrayList<>(table.rowCount());
    for (int r = 0; r < table.rowCount(); r++) {
      Object[] values = new Object[qis.size() + 1];
      values[0] = r;
      for (int q = 0; q < qis.size(); q++) {
        String text = table.text(r, table.columnIndex(qis.get(q)));
        values[q + 1] = qis.get(q).equals("age") ? (Object) Integer.valueOf(text) : text;
      }
      rows.add(RowFactory.create(values));
    }
    int k = 10;
    Dataset<Row> customers = TestSpark.session().createDataFrame(rows, schema).repartition(4);

    SparkCohorts.Result spark = SparkCohorts.fit(customers, "id", qis, hierarchies, k);

    assertSameAsLocal(spark, Cohorts.fit(table, qis, hierarchies, k), table.rowCount(), k);
  }

  @Test
  void fit_badArguments_rejectedBeforeAnySparkJob() {
    Dataset<Row> customers = TestSpark.session().createDataFrame(List.of(RowFactory.create("x", "1")),
        new StructType().add("customer", DataTypes.StringType).add("zip", DataTypes.StringType));

    assertThatIllegalArgumentException().isThrownBy(() -> SparkCohorts.fit(customers, "customer", List.of("age"), 2))
        .withMessage("the customers have no column 'age'; their columns: [customer, zip]");
    assertThatIllegalArgumentException().isThrownBy(() -> SparkCohorts.fit(customers, "id", List.of("zip"), 2))
        .withMessage("the customers have no column 'id'; their columns: [customer, zip]");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SparkCohorts.fit(customers.withColumnRenamed("customer", "cohort"), "cohort",
            List.of("zip"), 2))
        .withMessageContaining("must not be named 'cohort'");
    assertThatIllegalArgumentException().isThrownBy(() -> SparkCohorts.fit(customers, "customer", List.of("zip"), 0))
        .withMessage("k must be >= 1. Provided value: 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SparkCohorts.fit(customers, "customer", List.of("zip", "zip"), 2))
        .withMessageContaining("quasiIdentifiers must be distinct");
  }
}
