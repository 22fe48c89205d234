package io.privrec.spark;

import static java.util.Objects.requireNonNull;

import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.SavableModel;
import io.privrec.spark.internal.ModelBytes;
import io.privrec.spark.internal.ScorePartitions;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Batch scoring: the top-{@code k} recommendations of every customer of {@link SparkInteractions}
 * from a fitted core model, as a {@code Dataset<Row>} with columns {@code customer} (string),
 * {@code rank} (int, 1 = best), {@code item} (the catalogue id) and {@code score} (float).
 *
 * <h2>Where it runs</h2>
 * The driver saves the model in core's file format and broadcasts the bytes once; each executor
 * loads it once (core's loader, the same code as {@link io.privrec.core.cf.Algorithms#load}) and
 * scores its partitions ({@code mapPartitions}): for each customer, the model's {@link
 * ItemScorer#scoreProfile} of her own row (items and weights), her own items excluded, and the top
 * {@code k} by {@link io.privrec.core.scoring.TopK} (ties by catalogue order). Nothing is collected
 * to the driver. The result is lazy; write or cache it.
 *
 * <h2>Privacy</h2>
 * Scoring is post-processing: a private model's guarantee is unchanged (core's {@link
 * io.privrec.core.model.PrivateModel}), and each customer's list reads only the model and her own
 * row (joint differential privacy, as in core). The lists are personal data of each customer.
 *
 * <p>Stateless and thread-safe.
 */
public final class SparkScoring {
  private SparkScoring() {}

  /**
   * The top-{@code k} items for every customer of {@code data}, excluding the items in her row:
   * the lists core's {@code PrivateRecommender.recommend(customer, k)} gives a customer whose
   * profile is her row, scored by {@code model} (fewer than {@code k} when fewer items are
   * left).
   *
   * @param model a fitted model that is both an {@link ItemScorer} and a {@link SavableModel}
   *     (every core model), indexed by {@code data.catalogue()}
   * @throws IllegalArgumentException if {@code k < 0}, the model is not savable, or its items are
   *     not the catalogue's (same ids in the same order)
   * @throws NullPointerException if an argument is null
   */
  public static Dataset<Row> topK(ItemScorer model, SparkInteractions data, int k) {
    requireNonNull(model, "model");
    requireNonNull(data, "data");
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0. Provided value: " + k);
    }
    if (!(model instanceof SavableModel savable)) {
      throw new IllegalArgumentException("the model must be savable (every core model is) to be broadcast. Provided: "
          + model.getClass().getName());
    }
    if (!model.items().ids().equals(data.catalogue().items().ids())) {
      throw new IllegalArgumentException("the model's items (" + model.numItems() + ") must be the data's catalogue ("
          + data.catalogue().size() + " items, same ids in the same order)");
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(data.rows().sparkSession().sparkContext());
    Broadcast<byte[]> bytes = context.broadcast(ModelBytes.of(savable));
    return data.rows().mapPartitions(new ScorePartitions(bytes, k), Encoders.row(ScorePartitions.SCHEMA));
  }
}
