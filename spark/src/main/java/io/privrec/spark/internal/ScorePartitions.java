package io.privrec.spark.internal;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores the customer rows of one partition with the broadcast model: each row's {@link
 * CustomerTopK} list, emitted as rows of {@link #SCHEMA}. Reads nothing but the row and the model.
 * Immutable and thread-safe.
 */
public final class ScorePartitions implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** Output: customer id, rank (1 = best), item id, score. */
  public static final StructType SCHEMA = new StructType()
      .add("customer", DataTypes.StringType, false)
      .add("rank", DataTypes.IntegerType, false)
      .add("item", DataTypes.StringType, false)
      .add("score", DataTypes.FloatType, false);

  private final String key;
  private final Broadcast<byte[]> model;
  private final int k;

  /** Top-{@code k} lists from the model saved in {@code model}, whose {@link ModelBytes#key} is {@code key}. */
  public ScorePartitions(String key, Broadcast<byte[]> model, int k) {
    this.key = key;
    this.model = model;
    this.k = k;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    CustomerTopK top = new CustomerTopK(ModelBytes.load(key, model::value), k);
    ArrayDeque<Row> pending = new ArrayDeque<>();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        while (pending.isEmpty() && rows.hasNext()) {
          Row row = rows.next();
          String customer = Rows.customer(row);
          top.rank(row, (rank, item, score) -> pending.add(RowFactory.create(customer, rank, item, score)));
        }
        return !pending.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return pending.poll();
      }
    };
  }
}
