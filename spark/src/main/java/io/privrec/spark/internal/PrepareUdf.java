package io.privrec.spark.internal;

import org.apache.spark.sql.api.java.UDF2;

/**
 * The DataFrame path's preparation of a row: {@link PreparedRows} as a SQL function of (customer,
 * items) returning the prepared items. The key of a bounding travels inside this function object
 * (in the task binary), never as a literal of the plan. Immutable and thread-safe.
 */
public final class PrepareUdf implements UDF2<String, scala.collection.Seq<Object>, Integer[]> {
  private static final long serialVersionUID = 1L;

  private final PreparedRows prepared;

  /** A function preparing rows with {@code prepared}. */
  public PrepareUdf(PreparedRows prepared) {
    this.prepared = prepared;
  }

  @Override
  public Integer[] call(String customer, scala.collection.Seq<Object> items) {
    int[] row = new int[items.length()];
    for (int k = 0; k < row.length; k++) {
      row[k] = (Integer) items.apply(k);
    }
    int[] out = prepared.prepare(customer, row);
    Integer[] boxed = new Integer[out.length];
    for (int k = 0; k < out.length; k++) {
      boxed[k] = out[k];
    }
    return boxed;
  }

  @Override
  public String toString() {
    return "PrepareUdf{" + prepared + "}";
  }
}
