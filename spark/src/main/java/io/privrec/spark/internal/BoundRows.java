package io.privrec.spark.internal;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;

/**
 * Bounds one customer row of {@link Rows#schema} to the items {@link KeyedSubset} keeps, with their
 * weights and timestamps: a SQL function of the row's struct returning the bounded row's struct
 * (the same schema), so that bounding needs DataFrame operations only (no typed map). The key
 * travels inside this function object (in the task binary), never as a literal of the query plan;
 * {@link #toString()} does not show it. Immutable and thread-safe.
 */
public final class BoundRows implements UDF1<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final KeyedSubset subset;

  /** A function keeping the items {@code subset} selects. */
  public BoundRows(KeyedSubset subset) {
    this.subset = subset;
  }

  @Override
  public Row call(Row row) {
    String customer = Rows.customer(row);
    int[] items = Rows.items(row);
    if (items.length <= subset.maxItems()) {
      return row;
    }
    float[] weights = Rows.weights(row);
    long[] times = Rows.times(row);
    int[] kept = subset.keptPositions(customer, items);
    int[] keptItems = new int[kept.length];
    float[] keptWeights = new float[kept.length];
    long[] keptTimes = times == null ? null : new long[kept.length];
    for (int k = 0; k < kept.length; k++) {
      keptItems[k] = items[kept[k]];
      keptWeights[k] = weights[kept[k]];
      if (times != null) {
        keptTimes[k] = times[kept[k]];
      }
    }
    return Rows.row(customer, keptItems, keptWeights, keptTimes);
  }

  @Override
  public String toString() {
    return "BoundRows{" + subset + "}";
  }
}
