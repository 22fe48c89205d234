package io.privrec.spark;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import io.privrec.dp.kanon.AnonymizationResult;
import io.privrec.dp.kanon.Anonymizer;
import io.privrec.dp.kanon.Table;
import io.privrec.spark.internal.TextHistogram;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
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
    TextHistogram.requireColumns(records, attributes, "the records");
    TextHistogram.requireColumns(records, anonymizer.identifyingAttributes(), "the records");
    // The rows are sorted by text, so the scores' floating-point sums follow a fixed order.
    TextHistogram histogram = TextHistogram.of(records, attributes, "records");
    AnonymizationResult result = anonymizer.anonymize(histogram.table(), histogram.weights());
    return new Result(result, applyBack(anonymizer, records, histogram, result));
  }

  /** The records with their quasi-identifiers recoded as {@code result} recodes their histogram rows. */
  private static Dataset<Row> applyBack(Anonymizer anonymizer, Dataset<Row> records, TextHistogram histogram,
      AnonymizationResult result) {
    List<String> qis = result.quasiIdentifiers();
    StructType mappingSchema = new StructType();
    for (int q = 0; q < qis.size(); q++) {
      mappingSchema = mappingSchema.add(recoded(q), DataTypes.StringType, false);
    }
    Table out = result.table();
    List<Object[]> mapping = new ArrayList<>(out.rowCount());
    for (int r = 0; r < out.rowCount(); r++) {
      Object[] values = new Object[qis.size()];
      for (int q = 0; q < qis.size(); q++) {
        values[q] = out.text(r, out.columnIndex(qis.get(q)));
      }
      mapping.add(values);
    }
    List<Column> output = new ArrayList<>();
    for (String c : records.columns()) {
      if (anonymizer.identifyingAttributes().contains(c)) {
        continue;
      }
      int q = qis.indexOf(c);
      output.add(q >= 0 ? col(recoded(q)).as(c) : TextHistogram.quoted(c).as(c));
    }
    return histogram.join(mappingSchema, mapping).select(output.toArray(new Column[0]));
  }

  private static String recoded(int q) {
    return "__privrec_recoded_" + q;
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
