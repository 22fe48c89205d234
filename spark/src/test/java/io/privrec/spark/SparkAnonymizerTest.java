package io.privrec.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.privrec.dp.kanon.AnonymizationResult;
import io.privrec.dp.kanon.Anonymizer;
import io.privrec.dp.kanon.ColumnType;
import io.privrec.dp.kanon.Hierarchy;
import io.privrec.dp.kanon.LDiversity;
import io.privrec.dp.kanon.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SparkAnonymizerTest {

  /** Multiset of rows as tab-joined text. */
  private static Map<String, Integer> rows(List<List<String>> rows) {
    Map<String, Integer> out = new HashMap<>();
    for (List<String> r : rows) {
      out.merge(String.join("\t", r), 1, Integer::sum);
    }
    return out;
  }

  private static Map<String, Integer> sparkRows(Dataset<Row> records) {
    List<List<String>> out = new ArrayList<>();
    for (Row r : records.collectAsList()) {
      List<String> row = new ArrayList<>();
      for (int c = 0; c < r.size(); c++) {
        row.add(r.isNullAt(c) ? "" : r.get(c).toString());
      }
      out.add(row);
    }
    return rows(out);
  }

  private static Map<String, Integer> tableRows(Table t) {
    List<List<String>> out = new ArrayList<>();
    for (int r = 0; r < t.rowCount(); r++) {
      List<String> row = new ArrayList<>();
      for (int c = 0; c < t.columnCount(); c++) {
        row.add(t.text(r, c));
      }
      out.add(row);
    }
    return rows(out);
  }

  private static void assertSameAsLocal(SparkAnonymizer.Result spark, AnonymizationResult local) {
    AnonymizationResult h = spark.histogramResult();
    assertThat(h.transformation()).isEqualTo(local.transformation());
    assertThat(h.anonymous()).isEqualTo(local.anonymous());
    assertThat(h.classSizeHistogram()).isEqualTo(local.classSizeHistogram());
    assertThat(h.quality().discernibility()).isEqualTo(local.quality().discernibility());
    assertThat(h.risk()).isEqualTo(local.risk());
    assertThat(spark.records().columns()).containsExactlyElementsOf(local.table().columnNames());
    assertThat(sparkRows(spark.records())).isEqualTo(tableRows(local.table()));
  }

  @Test
  void anonymize_smallTable_equalsTheLocalAnonymizerRecordForRecord() {
    StructType schema = new StructType().add("id", DataTypes.StringType).add("age", DataTypes.IntegerType)
        .add("gender", DataTypes.StringType).add("zipcode", DataTypes.StringType).add("basket", DataTypes.DoubleType);
    Object[][] data = {{"a", 34, "male", "81667", 1.5}, {"b", 45, "female", "81675", 2.0},
        {"c", 66, "male", "81925", 3.0}, {"d", 70, "female", "81931", 4.25}, {"e", 34, "female", "81931", 5.0},
        {"f", 70, "male", "81931", 6.0}, {"g", 45, "male", "81931", 7.0}, {"h", 34, "male", "81667", 8.0}};
    List<Row> rows = new ArrayList<>();
    Table.Builder local = Table.builder().column("id", ColumnType.STRING).column("age", ColumnType.INTEGER)
        .column("gender", ColumnType.STRING).column("zipcode", ColumnType.STRING).column("basket", ColumnType.DECIMAL);
    for (Object[] d : data) {
      rows.add(RowFactory.create(d));
      local.addRow(d);
    }
    Table table = local.build();
    Hierarchy age = Hierarchy.of(List.of(List.of("34", "<50", "*"), List.of("45", "<50", "*"),
        List.of("66", ">=50", "*"), List.of("70", ">=50", "*")));
    Anonymizer anonymizer = Anonymizer.builder().identifying("id").quasiIdentifier("age", age)
        .quasiIdentifier("gender", Hierarchy.flat(List.of("male", "female")))
        .quasiIdentifier("zipcode", Hierarchy.masking(table.column("zipcode"))).k(2).suppressionLimit(0.2).build();

    SparkAnonymizer.Result spark = SparkAnonymizer.anonymize(anonymizer,
        TestSpark.session().createDataFrame(rows, schema).repartition(3));

    assertSameAsLocal(spark, anonymizer.anonymize(table));
    assertThat(spark.records().columns()).doesNotContain("id");
  }

  @Test
  void anonymize_adult_optimumEqualsTheLocalAnonymizers() throws IOException {
    String shared = System.getProperty("privrec.shared.data");
    Path dir = shared == null ? null : Path.of(shared, "adult");
    assumeTrue(dir != null && Files.isDirectory(dir), "shared Adult data (privrec.shared.data/adult) absent: skipping");
    Table table = Table.readDelimited(dir.resolve("adult.csv"), ';');
    Anonymizer.Builder b = Anonymizer.builder();
    for (String qi : List.of("sex", "age", "race", "marital-status", "education")) {
      b.quasiIdentifier(qi, Hierarchy.readCsv(dir.resolve("adult_hierarchy_" + qi + ".csv"), ';'));
    }
    Anonymizer anonymizer = b.identifying("native-country").sensitive("occupation")
        .lDiversity("occupation", LDiversity.distinct(2)).k(5).suppressionLimit(0.02).build();
    Dataset<Row> records = TestSpark.session().read().option("sep", ";").option("header", true)
        .csv(dir.resolve("adult.csv").toString());

    SparkAnonymizer.Result spark = SparkAnonymizer.anonymize(anonymizer, records);

    assertSameAsLocal(spark, anonymizer.anonymize(table));
    assertThat(spark.histogramResult().table().rowCount()).isLessThan(table.rowCount() / 2);
  }

  @Test
  void anonymize_missingColumn_rejectedBeforeAnySparkJob() {
    Dataset<Row> records = TestSpark.session().createDataFrame(List.of(RowFactory.create("x")),
        new StructType().add("zip", DataTypes.StringType));
    Anonymizer anonymizer = Anonymizer.builder().quasiIdentifier("age", Hierarchy.flat(List.of("1"))).k(2).build();

    assertThatIllegalArgumentException().isThrownBy(() -> SparkAnonymizer.anonymize(anonymizer, records))
        .withMessage("the records have no column 'age'; their columns: [zip]");
  }
}
