package io.privrec.spark.internal;

import io.privrec.core.cf.ItemCoCounts;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The partition path of the co-occurrence sums: one partition's rows of {@link Rows#schema},
 * prepared by {@link PreparedRows} (whole rows with their weights for a spec of weight products)
 * and summed by core's {@link ItemCoCounts.Accumulator}, out as
 * partial sums {@code (i, j, sum)} of {@link #SCHEMA} ({@code j = -1} for an item sum). Partial
 * sums of the partitions add up exactly (longs) to the same totals in any order. Immutable and
 * thread-safe.
 */
public final class SumPartition implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** Partial sums: first item, second item or -1 for an item sum, and the sum. */
  public static final StructType SCHEMA = new StructType()
      .add("i", DataTypes.IntegerType, false)
      .add("j", DataTypes.IntegerType, false)
      .add("sum", DataTypes.LongType, false);

  private final ItemCoCounts.Spec spec;
  private final PreparedRows prepared;

  /** Sums {@code spec} over rows prepared by {@code prepared}. */
  public SumPartition(ItemCoCounts.Spec spec, PreparedRows prepared) {
    this.spec = spec;
    this.prepared = prepared;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    ItemCoCounts.Accumulator acc = spec.accumulator();
    while (rows.hasNext()) {
      Row row = rows.next();
      if (spec.usesWeights()) {
        acc.add(Rows.items(row), Rows.weights(row)); // whole rows: weights stay aligned
      } else {
        acc.add(prepared.prepare(Rows.customer(row), Rows.items(row)));
      }
    }
    List<Row> out = new ArrayList<>();
    long[] items = acc.itemSums();
    if (items != null) {
      for (int i = 0; i < items.length; i++) {
        if (items[i] != 0) {
          out.add(RowFactory.create(i, -1, items[i]));
        }
      }
    }
    acc.forEachPairSum((i, j, sum) -> out.add(RowFactory.create(i, j, sum)));
    return out.iterator();
  }

  @Override
  public String toString() {
    return "SumPartition{" + spec + ", " + prepared + "}";
  }
}
