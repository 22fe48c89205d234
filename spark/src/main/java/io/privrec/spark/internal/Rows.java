package io.privrec.spark.internal;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The layout of the per-customer rows of {@code SparkInteractions}: {@code customer} (string, never
 * null), {@code items} (array of int: distinct catalogue indices in increasing order), {@code
 * weights} (array of float, aligned, finite and {@code > 0}) and, when the events carry timestamps,
 * {@code times} (array of long epoch seconds, aligned). Conversions between those rows and Java
 * arrays. Stateless and thread-safe.
 */
public final class Rows {
  /** Column of the customer id. */
  public static final String CUSTOMER = "customer";
  /** Column of the item indices. */
  public static final String ITEMS = "items";
  /** Column of the weights. */
  public static final String WEIGHTS = "weights";
  /** Column of the timestamps (only when the events have one). */
  public static final String TIMES = "times";

  private Rows() {}

  /** The row schema, with or without {@code times}. */
  public static StructType schema(boolean withTimes) {
    StructType s = new StructType()
        .add(CUSTOMER, DataTypes.StringType, false)
        .add(ITEMS, DataTypes.createArrayType(DataTypes.IntegerType, false), false)
        .add(WEIGHTS, DataTypes.createArrayType(DataTypes.FloatType, false), false);
    return withTimes ? s.add(TIMES, DataTypes.createArrayType(DataTypes.LongType, false), false) : s;
  }

  /** A row of the schema; {@code times} null for the schema without times. */
  public static Row row(String customer, int[] items, float[] weights, long[] times) {
    Integer[] boxedItems = new Integer[items.length];
    Float[] boxedWeights = new Float[weights.length];
    for (int k = 0; k < items.length; k++) {
      boxedItems[k] = items[k];
      boxedWeights[k] = weights[k];
    }
    if (times == null) {
      return RowFactory.create(customer, boxedItems, boxedWeights);
    }
    Long[] boxedTimes = new Long[times.length];
    for (int k = 0; k < times.length; k++) {
      boxedTimes[k] = times[k];
    }
    return RowFactory.create(customer, boxedItems, boxedWeights, boxedTimes);
  }

  /** The customer id of a row. */
  public static String customer(Row row) {
    return row.getString(0);
  }

  /** The item indices of a row. */
  public static int[] items(Row row) {
    List<?> list = list(row, 1);
    int[] out = new int[list.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = (Integer) list.get(k);
    }
    return out;
  }

  /** The weights of a row. */
  public static float[] weights(Row row) {
    List<?> list = list(row, 2);
    float[] out = new float[list.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = (Float) list.get(k);
    }
    return out;
  }

  /** The timestamps of a row, or null if the rows have none. */
  public static long[] times(Row row) {
    if (row.size() < 4) {
      return null;
    }
    List<?> list = list(row, 3);
    long[] out = new long[list.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = (Long) list.get(k);
    }
    return out;
  }

  /**
   * Array field {@code i} as a list: a row decoded by Spark holds a sequence, while a row that a
   * typed function made ({@link #row}) can reach the next typed function as it is, with its Java
   * array, when Spark leaves out the encoding between them.
   */
  private static List<?> list(Row row, int i) {
    Object value = row.get(i);
    return value instanceof Object[] array ? Arrays.asList(array) : row.getList(i);
  }
}
