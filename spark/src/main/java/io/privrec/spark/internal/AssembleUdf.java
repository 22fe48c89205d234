package io.privrec.spark.internal;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.StructType;

/**
 * {@link RowAssembly} as a SQL function of (customer, grouped events), so that reading the events
 * into per-customer rows needs DataFrame operations only (no typed map): returns the struct
 * {@link #resultType} of the row's {@code items}, {@code weights} and, with timestamps, {@code
 * times}. Invalid events fail the task with {@link RowAssembly}'s {@link InvalidEventsException}.
 * Immutable and thread-safe.
 */
public final class AssembleUdf implements UDF2<String, scala.collection.Seq<Row>, Row> {
  private static final long serialVersionUID = 1L;

  private final RowAssembly assembly;
  private final boolean withTimes;

  /** A function assembling rows with {@code assembly}; {@code withTimes} as its time column. */
  public AssembleUdf(RowAssembly assembly, boolean withTimes) {
    this.assembly = assembly;
    this.withTimes = withTimes;
  }

  /** The struct returned: the fields of {@link Rows#schema} after the customer. */
  public static StructType resultType(boolean withTimes) {
    StructType rows = Rows.schema(withTimes);
    StructType out = new StructType();
    for (int f = 1; f < rows.fields().length; f++) {
      out = out.add(rows.fields()[f]);
    }
    return out;
  }

  @Override
  public Row call(String customer, scala.collection.Seq<Row> events) {
    Row row = assembly.call(RowFactory.create(customer, events));
    return withTimes ? RowFactory.create(row.get(1), row.get(2), row.get(3)) : RowFactory.create(row.get(1),
        row.get(2));
  }
}
