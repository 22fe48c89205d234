package io.privrec.spark;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;

import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.SavableModel;
import io.privrec.spark.SparkStatistics.Execution;
import io.privrec.spark.internal.ModelBytes;
import io.privrec.spark.internal.Rows;
import io.privrec.spark.internal.ScorePartitions;
import io.privrec.spark.internal.ScoreUdf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;

/**
 * Batch scoring: the top-{@code k} recommendations of every customer of {@link SparkInteractions}
 * from a fitted core model, as a {@code Dataset<Row>} with columns {@code customer} (string),
 * {@code rank} (int, 1 = best), {@code item} (the catalogue id) and {@code score} (float).
 *
 * <h2>Where it runs</h2>
 * The driver saves the model in core's file format; the bytes are shipped to the executors, which
 * load the model (core's loader, the same code as {@link io.privrec.core.cf.Algorithms#load}) once
 * per JVM and score every customer there: the model's {@link ItemScorer#scoreProfile} of her own
 * row (items and weights), her own items excluded, and the top {@code k} by {@link
 * io.privrec.core.scoring.TopK} (ties by catalogue order). Nothing is collected to the driver. The
 * result is lazy; write or cache it.
 *
 * <h2>Execution paths</h2>
 * Both paths run the same per-customer code and give the same rows (tested); they differ in how the
 * model travels and how the rows are produced.
 * <ul>
 *   <li>{@link Execution#PARTITIONS} (the default): the bytes are broadcast once through the {@code
 *       SparkContext} and each partition is scored by a typed {@code mapPartitions}. Needs a classic
 *       Spark session (driver and {@code SparkContext} in the application's JVM).
 *   <li>{@link Execution#DATA_FRAME}: DataFrame and SQL operations only (no RDD, no {@code
 *       SparkContext}, no typed map, no broadcast variable): a SQL function holding the model's bytes
 *       returns each customer's list as an array of {@code (rank, item, score)} structs, which is
 *       exploded into the same columns. Use it on Spark Connect and serverless platforms. The bytes
 *       travel inside the function object, in the plan Spark ships with each stage (on Spark Connect:
 *       in the request from the client, so a model larger than the server's gRPC message limit,
 *       {@code spark.connect.grpc.maxInboundMessageSize}, needs that limit raised).
 * </ul>
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
   * {@link #topK(ItemScorer, SparkInteractions, int, Execution)} on the partition path ({@link
   * Execution#PARTITIONS}).
   *
   * @throws IllegalArgumentException if {@code k < 0}, the model is not savable, or its items are
   *     not the catalogue's (same ids in the same order)
   * @throws NullPointerException if an argument is null
   */
  public static Dataset<Row> topK(ItemScorer model, SparkInteractions data, int k) {
    return topK(model, data, k, Execution.PARTITIONS);
  }

  /**
   * The top-{@code k} items for every customer of {@code data}, excluding the items in her row:
   * the lists core's {@code PrivateRecommender.recommend(customer, k)} gives a customer whose
   * profile is her row, scored by {@code model} (fewer than {@code k} when fewer items are left;
   * none for a customer whose row holds every item), computed on the {@code execution} path (the
   * same rows on both; {@link Execution#DATA_FRAME} for Spark Connect).
   *
   * @param model a fitted model that is both an {@link ItemScorer} and a {@link SavableModel}
   *     (every core model), indexed by {@code data.catalogue()}
   * @throws IllegalArgumentException if {@code k < 0}, the model is not savable, or its items are
   *     not the catalogue's (same ids in the same order)
   * @throws NullPointerException if an argument is null
   */
  public static Dataset<Row> topK(ItemScorer model, SparkInteractions data, int k, Execution execution) {
    requireNonNull(model, "model");
    requireNonNull(data, "data");
    requireNonNull(execution, "execution");
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0. Provided value: " + k);
    }
    if (!(model instanceof SavableModel savable)) {
      throw new IllegalArgumentException("the model must be savable (every core model is) to be shipped to the"
          + " executors. Provided: " + model.getClass().getName());
    }
    if (!model.items().ids().equals(data.catalogue().items().ids())) {
      throw new IllegalArgumentException("the model's items (" + model.numItems() + ") must be the data's catalogue ("
          + data.catalogue().size() + " items, same ids in the same order)");
    }
    byte[] bytes = ModelBytes.of(savable);
    String key = ModelBytes.key(bytes);
    if (execution == Execution.PARTITIONS) {
      JavaSparkContext context = JavaSparkContext.fromSparkContext(data.rows().sparkSession().sparkContext());
      Broadcast<byte[]> broadcast = context.broadcast(bytes);
      return data.rows().mapPartitions(new ScorePartitions(key, broadcast, k), Encoders.row(ScorePartitions.SCHEMA));
    }
    UserDefinedFunction score = udf(new ScoreUdf(key, bytes, k), ScoreUdf.RESULT).asNonNullable()
        .withName("privrec_score_top_k");
    return data.rows()
        .select(col(Rows.CUSTOMER), explode(score.apply(struct(col(Rows.CUSTOMER), col(Rows.ITEMS),
            col(Rows.WEIGHTS)))).as("entry"))
        .select(col(Rows.CUSTOMER), col("entry.rank").as("rank"), col("entry.item").as("item"),
            col("entry.score").as("score"));
  }
}
