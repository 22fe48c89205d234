package io.privrec.spark;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;

import io.privrec.core.cf.ItemCounts;
import io.privrec.core.cf.ItemPairCounts;
import io.privrec.spark.internal.Rows;
import java.util.Iterator;
import org.apache.spark.sql.Column;
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

  /**
   * For every pair of catalogue items, the number of customers whose row holds both (weights
   * ignored; the diagonal holds the item counts): the Gram matrix of the 0/1 rows, the counts
   * core's {@link ItemPairCounts#of(io.privrec.core.data.InteractionMatrix)} gives on the same
   * rows. One Spark job: each row's pairs are generated and aggregated by pair on the executors
   * (work proportional to {@code Σ_u |I(u)|²}); the non-zero pairs are streamed to the driver
   * partition by partition into a dense triangle of {@code n(n+1)/2} longs.
   *
   * @throws IllegalArgumentException if the catalogue has more than {@link ItemPairCounts#MAX_ITEMS}
   *     items (checked before any Spark job)
   * @throws NullPointerException if {@code data} is null
   */
  public static ItemPairCounts itemPairCounts(SparkInteractions data) {
    requireNonNull(data, "data");
    ItemPairCounts.Builder counts = ItemPairCounts.builder(data.catalogue().items());
    // Row items are increasing: pairing items[k] with items[0..k] yields each unordered pair once.
    Column pairs = expr("flatten(transform(" + Rows.ITEMS + ", (x, k) -> transform(slice(" + Rows.ITEMS
        + ", 1, k + 1), y -> named_struct('i', x, 'j', y))))");
    Iterator<Row> it = data.rows().select(explode(pairs).as("p")).groupBy(col("p.i"), col("p.j")).count()
        .toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      counts.add(r.getInt(0), r.getInt(1), r.getLong(2));
    }
    return counts.build();
  }
}
