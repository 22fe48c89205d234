package io.privrec.spark;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import io.privrec.core.cf.ItemCounts;
import io.privrec.spark.internal.Rows;
import org.apache.spark.sql.Row;

/**
 * Sufficient statistics of {@link SparkInteractions}, computed by Spark and returned to the driver
 * as core's statistic types, from which core fits its models ({@link SparkFit}).
 *
 * <h2>Where it runs</h2>
 * Everything that grows with the number of customers or interactions runs on the executors; only
 * the catalogue-sized result is collected to the driver. Counts are exact {@code long} sums, so the
 * result is the same bit for bit whatever the partitioning, the order in which Spark merges partial
 * counts, task retries or speculative execution.
 *
 * <h2>Privacy</h2>
 * The statistics are exact, not private: they are the inputs of core's mechanisms, which add the
 * noise on the driver. Do not release them.
 *
 * <p>Stateless and thread-safe.
 */
public final class SparkStatistics {
  private SparkStatistics() {}

  /**
   * For every catalogue item, the number of customers whose row holds it (weights ignored): the
   * counts core's {@link ItemCounts#of(io.privrec.core.data.InteractionMatrix)} gives on the same
   * rows. Bounded data ({@link SparkInteractions#isBounded()}) gives {@linkplain
   * ItemCounts#bounded bounded} counts with its bound. One Spark job (an aggregation by item).
   *
   * @throws NullPointerException if {@code data} is null
   */
  public static ItemCounts itemCounts(SparkInteractions data) {
    requireNonNull(data, "data");
    long[] counts = new long[data.catalogue().size()];
    for (Row r : data.rows().select(explode(col(Rows.ITEMS)).as("item")).groupBy(col("item")).count()
        .collectAsList()) {
      counts[r.getInt(0)] = r.getLong(1);
    }
    return data.isBounded() ? ItemCounts.bounded(data.catalogue().items(), counts, data.maxItemsPerCustomer())
        : ItemCounts.of(data.catalogue().items(), counts);
  }
}
