package io.privrec.spark.internal;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.privrec.dp.kanon.ColumnType;
import io.privrec.dp.kanon.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
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
 * The histogram of a DataFrame's records over some attributes compared as text, as dp's weighted
 * {@link Table} inputs need it: Spark computes it (one aggregation), the driver holds it in a fixed
 * order, and a per-histogram-row mapping is joined back onto every record.
 *
 * <p>Values: an attribute is Spark's cast to string, null being the empty (missing) value, as in a
 * {@link Table} read from a file. The table's column types follow the Spark types: integral →
 * {@link ColumnType#INTEGER}, fractional and decimal → {@link ColumnType#DECIMAL}, date → {@link
 * ColumnType#DATE}, anything else → {@link ColumnType#STRING}.
 *
 * <p>The rows of {@link #table()} are the distinct combinations sorted by their texts (attribute by
 * attribute, {@link String#compareTo}), so their order never depends on partitioning. Immutable;
 * the histogram lives on the driver and is about the records (not to be published).
 */
public final class TextHistogram {
  private final List<String> attributes;
  private final Dataset<Row> keyed;
  private final String[][] keys; // [row][attribute]: the texts
  private final int[] weights;
  private final Table table;

  private TextHistogram(List<String> attributes, Dataset<Row> keyed, String[][] keys, int[] weights, Table table) {
    this.attributes = attributes;
    this.keyed = keyed;
    this.keys = keys;
    this.weights = weights;
    this.table = table;
  }

  /**
   * Computes the histogram of {@code records} over {@code attributes} (one Spark job).
   *
   * @param what what the rows of {@code records} are, for messages ("records", "customers")
   * @throws IllegalArgumentException if an attribute is not a column (before any Spark job), a
   *     combination counts more than {@code Integer.MAX_VALUE} rows, or a text does not parse as
   *     its column type
   */
  public static TextHistogram of(Dataset<Row> records, List<String> attributes, String what) {
    requireColumns(records, attributes, "the " + what);
    int n = attributes.size();
    Column[] selected = new Column[n + 1];
    selected[0] = col("*");
    Column[] keyColumns = new Column[n];
    for (int a = 0; a < n; a++) {
      selected[a + 1] = coalesce(quoted(attributes.get(a)).cast(DataTypes.StringType), lit("")).as(key(a));
      keyColumns[a] = col(key(a));
    }
    Dataset<Row> keyed = records.select(selected);
    List<Row> rows = new ArrayList<>(keyed.groupBy(keyColumns).count().collectAsList());
    rows.sort((x, y) -> {
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
    String[][] keys = new String[rows.size()][];
    int[] weights = new int[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      Row h = rows.get(r);
      keys[r] = new String[n];
      for (int a = 0; a < n; a++) {
        keys[r][a] = h.getString(a);
      }
      table.addRow((Object[]) keys[r]);
      long count = h.getLong(n);
      if (count > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("a combination of the histogram attributes holds more than "
            + Integer.MAX_VALUE + " " + what);
      }
      weights[r] = (int) count;
    }
    return new TextHistogram(List.copyOf(attributes), keyed, keys, weights, table.build());
  }

  /**
   * Checks that every one of {@code names} is a column of {@code frame}.
   *
   * @param what the frame in the message, e.g. "the records"
   * @throws IllegalArgumentException naming {@code what}, the first missing name and the columns
   */
  public static void requireColumns(Dataset<Row> frame, Collection<String> names, String what) {
    List<String> columns = Arrays.asList(frame.columns());
    for (String a : names) {
      if (!columns.contains(a)) {
        throw new IllegalArgumentException(what + " have no column '" + a + "'; their columns: " + columns);
      }
    }
  }

  /** The distinct combinations, one row per combination, in the class doc's order. */
  public Table table() {
    return table;
  }

  /** Records per row of {@link #table()} (each {@code >= 1}; the array itself, not a copy). */
  public int[] weights() {
    return weights;
  }

  /**
   * The records joined with one mapping row per histogram row (a broadcast join on the attribute
   * texts): every column of the records plus the columns of {@code mappingSchema}, whose values for
   * the records of histogram row {@code r} are {@code values.get(r)}. Lazy.
   *
   * @param mappingSchema the added columns (names distinct from the records' columns)
   * @param values per histogram row, the added values, in {@code mappingSchema} order
   */
  public Dataset<Row> join(StructType mappingSchema, List<Object[]> values) {
    int n = attributes.size();
    StructType schema = new StructType();
    for (int a = 0; a < n; a++) {
      schema = schema.add(mappedKey(a), DataTypes.StringType, false);
    }
    for (int f = 0; f < mappingSchema.fields().length; f++) {
      schema = schema.add(mappingSchema.fields()[f]);
    }
    List<Row> mapping = new ArrayList<>(keys.length);
    for (int r = 0; r < keys.length; r++) {
      Object[] row = Arrays.copyOf(keys[r], n + mappingSchema.fields().length, Object[].class);
      System.arraycopy(values.get(r), 0, row, n, mappingSchema.fields().length);
      mapping.add(RowFactory.create(row));
    }
    Dataset<Row> map = keyed.sparkSession().createDataFrame(mapping, schema);
    Column on = lit(true);
    for (int a = 0; a < n; a++) {
      on = on.and(col(key(a)).equalTo(col(mappedKey(a))));
    }
    return keyed.join(broadcast(map), on);
  }

  /** A column by name, quoted so that dots and backticks in the name are taken literally. */
  public static Column quoted(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }

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

  private static String key(int a) {
    return "__privrec_key_" + a;
  }

  private static String mappedKey(int a) {
    return "m" + key(a);
  }
}
