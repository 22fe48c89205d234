package io.privrec.spark;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.privrec.dp.kanon.AnonymizationResult;
import io.privrec.dp.kanon.Anonymizer;
import io.privrec.dp.kanon.ColumnType;
import io.privrec.dp.kanon.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

/**
 * k-anonymity (with ℓ-diversity and t-closeness when configured) of a DataFrame of customer
 * records with dp's optimal full-domain generalisation ({@link Anonymizer}, which finds ARX's
 * optimum).
 *
 * <h2>Where it runs</h2>
 * <ol>
 *   <li>Executors: the histogram of the records over the attributes the search reads ({@link
 *       Anonymizer#histogramAttributes()}: the quasi-identifiers and the sensitive attributes with
 *       a model), one aggregation.
 *   <li>Driver: the histogram (one row per distinct combination, so its size is bounded by the
 *       product of the attributes' domains, not by the number of records) and dp's optimal search
 *       on it ({@link Anonymizer#anonymize(Table, int[])}): the same optimum as on the records
 *       themselves.
 *   <li>Executors: the chosen generalisation applied back to every record, through a broadcast
 *       join with the recoded histogram.
 * </ol>
 *
 * <h2>Values</h2>
 * Attribute values are compared as text (Spark's cast to string; null is the empty, missing
 * value), as in a {@link Table} read from a file; numeric and date columns keep their order for
 * ordered t-closeness. In the output, identifying columns are removed, quasi-identifiers are
 * replaced by their generalised labels (strings; {@code *} for suppressed records) and every other
 * column is kept as it is.
 *
 * <h2>Privacy</h2>
 * The guarantee is dp's, unchanged: k-anonymity is a syntactic property of the released records
 * (every class of equal quasi-identifiers holds at least {@code k} records, suppressed records
 * aside), bounding the prosecutor re-identification risk by {@code 1/k}; it is not differential
 * privacy. The histogram and the search's result are about the records and stay with the caller.
 *
 * <p>Stateless and thread-safe.
 */
public final class SparkAnonymizer {
  private SparkAnonymizer() {}

  /**
   * Anonymises {@code records} with {@code anonymizer} (optimal algorithm only).
   *
   * @throws IllegalArgumentException if a configured attribute is not a column of {@code
   *     records}, the anonymiser does not use the optimal algorithm, a value is missing from its
   *     hierarchy, or no transformation satisfies the privacy models (dp's messages)
   * @throws NullPointerException if an argument is null
   */
  public static Result anonymize(Anonymizer anonymizer, Dataset<Row> records) {
    requireNonNull(anonymizer, "anonymizer");
    requireNonNull(records, "records");
    List<String> attributes = anonymizer.histogramAttributes();
    List<String> columns = Arrays.asList(records.columns());
    for (String a : attributes) {
      if (!columns.contains(a)) {
        throw new IllegalArgumentException("the records have no column '" + a + "'; their columns: " + columns);
      }
    }
    for (String a : anonymizer.identifyingAttributes()) {
      if (!columns.contains(a)) {
        throw new IllegalArgumentException("the records have no column '" + a + "'; their columns: " + columns);
      }
    }
    int n = attributes.size();
    Column[] selected = new Column[n + 1];
    selected[0] = col("*");
    for (int a = 0; a < n; a++) {
      selected[a + 1] = coalesce(quoted(attributes.get(a)).cast(DataTypes.StringType), lit("")).as(key(a));
    }
    Dataset<Row> keyed = records.select(selected);
    List<Row> histogram = new ArrayList<>(keyed.groupBy(keyNames(n)).count().collectAsList());
    // A fixed order of the distinct rows: the scores' floating-point sums follow it.
    histogram.sort((x, y) -> {
      for (int a = 0; a < n; a++) {
        int c = x.getString(a).compareTo(y.getString(a));
        if (c != 0) {
          return c;
        }
      }
      return 0;
    });
    Table.Builder table = Table.builder();
    StructType schema = records.schema();
    for (String a : attributes) {
      table.column(a, typeOf(schema.apply(a).dataType()));
    }
    int[] weights = new int[histogram.size()];
    for (int r = 0; r < histogram.size(); r++) {
      Row h = histogram.get(r);
      Object[] values = new Object[n];
      for (int a = 0; a < n; a++) {
        values[a] = h.getString(a);
      }
      table.addRow(values);
      long count = h.getLong(n);
      if (count > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("a combination of the histogram attributes holds more than "
            + Integer.MAX_VALUE + " records");
      }
      weights[r] = (int) count;
    }
    Table distinct = table.build();
    AnonymizationResult result = anonymizer.anonymize(distinct, weights);
    return new Result(result, applyBack(anonymizer, records, keyed, attributes, distinct, result));
  }

  /** The records with their quasi-identifiers recoded as {@code result} recodes their histogram rows. */
  private static Dataset<Row> applyBack(Anonymizer anonymizer, Dataset<Row> records, Dataset<Row> keyed,
      List<String> attributes, Table distinct, AnonymizationResult result) {
    int n = attributes.size();
    List<String> qis = result.quasiIdentifiers();
    StructType mappingSchema = new StructType();
    for (int a = 0; a < n; a++) {
      mappingSchema = mappingSchema.add("m" + key(a), DataTypes.StringType, false);
    }
    for (int q = 0; q < qis.size(); q++) {
      mappingSchema = mappingSchema.add(recoded(q), DataTypes.StringType, false);
    }
    Table out = result.table();
    List<Row> mapping = new ArrayList<>(distinct.rowCount());
    for (int r = 0; r < distinct.rowCount(); r++) {
      Object[] values = new Object[n + qis.size()];
      for (int a = 0; a < n; a++) {
        values[a] = distinct.text(r, a);
      }
      for (int q = 0; q < qis.size(); q++) {
        values[n + q] = out.text(r, out.columnIndex(qis.get(q)));
      }
      mapping.add(RowFactory.create(values));
    }
    Dataset<Row> map = records.sparkSession().createDataFrame(mapping, mappingSchema);
    Column on = lit(true);
    for (int a = 0; a < n; a++) {
      on = on.and(col(key(a)).equalTo(col("m" + key(a))));
    }
    List<Column> output = new ArrayList<>();
    for (String c : records.columns()) {
      if (anonymizer.identifyingAttributes().contains(c)) {
        continue;
      }
      int q = qis.indexOf(c);
      output.add(q >= 0 ? col(recoded(q)).as(c) : quoted(c).as(c));
    }
    return keyed.join(broadcast(map), on).select(output.toArray(new Column[0]));
  }

  /** The column type of a Spark type: integral → INTEGER, fractional → DECIMAL, date → DATE, else STRING. */
  private static ColumnType typeOf(DataType type) {
    if (type.equals(DataTypes.ByteType) || type.equals(DataTypes.ShortType) || type.equals(DataTypes.IntegerType)
        || type.equals(DataTypes.LongType)) {
      return ColumnType.INTEGER;
    }
    if (type.equals(DataTypes.FloatType) || type.equals(DataTypes.DoubleType) || type instanceof DecimalType) {
      return ColumnType.DECIMAL;
    }
    return type.equals(DataTypes.DateType) ? ColumnType.DATE : ColumnType.STRING;
  }

  private static Column[] keyNames(int n) {
    Column[] out = new Column[n];
    for (int a = 0; a < n; a++) {
      out[a] = col(key(a));
    }
    return out;
  }

  private static String key(int a) {
    return "__privrec_key_" + a;
  }

  private static String recoded(int q) {
    return "__privrec_recoded_" + q;
  }

  private static String quotedName(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static Column quoted(String name) {
    return col(quotedName(name));
  }

  /**
   * The outcome of {@link #anonymize}: dp's result on the histogram and the anonymised records.
   * Immutable.
   */
  public static final class Result {
    private final AnonymizationResult histogram;
    private final Dataset<Row> records;

    Result(AnonymizationResult histogram, Dataset<Row> records) {
      this.histogram = histogram;
      this.records = records;
    }

    /**
     * dp's result on the histogram: the transformation, whether it is anonymous and optimal, the
     * score, the quality and risk reports and the class sizes (in records). Its table, suppression
     * and classes are per histogram row (one distinct combination of {@link
     * Anonymizer#histogramAttributes()}), not per record.
     */
    public AnonymizationResult histogramResult() {
      return histogram;
    }

    /** The anonymised records (lazy): identifying columns removed, quasi-identifiers recoded. */
    public Dataset<Row> records() {
      return records;
    }
  }
}
