package io.privrec.spark.internal;

import io.privrec.core.model.ItemScorer;
import io.privrec.core.scoring.TopK;
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
 * Scores the customer rows of one partition with the broadcast model: for each row, the model's
 * scores of her profile (items and weights), her own items excluded, the top {@code k} by {@link
 * TopK} (higher score first, ties by lower item index), emitted as rows of {@link #SCHEMA}. Reads
 * nothing but the row and the model. Immutable and thread-safe.
 */
public final class ScorePartitions implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** Output: customer id, rank (1 = best), item id, score. */
  public static final StructType SCHEMA = new StructType()
      .add("customer", DataTypes.StringType, false)
      .add("rank", DataTypes.IntegerType, false)
      .add("item", DataTypes.StringType, false)
      .add("score", DataTypes.FloatType, false);

  private final Broadcast<byte[]> model;
  private final int k;

  /** Top-{@code k} lists from the model saved in {@code model}. */
  public ScorePartitions(Broadcast<byte[]> model, int k) {
    this.model = model;
    this.k = k;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    ItemScorer scorer = ModelBytes.load(model.id(), model.value());
    float[] scores = new float[scorer.numItems()];
    ArrayDeque<Row> pending = new ArrayDeque<>();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        while (pending.isEmpty() && rows.hasNext()) {
          score(rows.next());
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

      private void score(Row row) {
        String customer = Rows.customer(row);
        int[] items = Rows.items(row);
        scorer.scoreProfile(items, Rows.weights(row), scores);
        for (int i : items) {
          scores[i] = Float.NEGATIVE_INFINITY;
        }
        int[] top = TopK.select(scores, k);
        for (int r = 0; r < top.length; r++) {
          pending.add(RowFactory.create(customer, r + 1, scorer.items().id(top[r]), scores[top[r]]));
        }
      }
    };
  }
}
