package io.privrec.spark;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;

import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;
import io.privrec.spark.internal.BoundRows;
import io.privrec.spark.internal.KeyedSubset;
import io.privrec.spark.internal.Rows;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Deterministic, keyed contribution bounding: every customer keeps at most {@code m} of her
 * distinct catalogue items, the {@code m} with the smallest SipHash-2-4 value of (secret key,
 * customer id, item index), ties broken by the smaller item index; rows of at most {@code m} items
 * are kept whole. Weights and timestamps of the kept items are kept.
 *
 * <h2>Where it runs</h2>
 * The 128-bit key is drawn on the driver from {@link RandomSources#secure()} when the bounding is
 * created and is captured in the function Spark ships to the executors (the task binary); it is
 * never a SQL literal and never appears in a query plan, the Spark UI or an event log, and {@link
 * #toString()} does not show it. The bounding itself runs on the executors, one row at a time, in a
 * SQL function (DataFrame operations only: it runs on Spark Connect too).
 *
 * <h2>Determinism</h2>
 * The kept subset is a pure function of the key, the customer id and her own row: it does not
 * depend on partitioning, on the order of rows, on task retries or on speculative execution. The
 * same {@code KeyedBounding} applied twice to the same data keeps the same subsets; a new one (a new
 * key) keeps other subsets.
 *
 * <h2>Privacy</h2>
 * Which items a customer keeps is decided by her own row only, so adding or removing one customer
 * leaves every other customer's bounded row unchanged and changes at most {@code m} items'
 * statistics: the contribution bound that the sensitivities of core's private models assume (see
 * {@code io.privrec.core.cf.dp}, e.g. {@link io.privrec.core.cf.dp.DpPopularity}: Wilson et al.,
 * PoPETs 2020, Sec. 3). Under the pseudo-randomness of SipHash with a secret key (Aumasson &amp;
 * Bernstein, INDOCRYPT 2012) the kept subset is a uniformly random {@code m}-subset of the row,
 * independently across customers, as with core's own random bounding; the subsets differ from core's
 * (another source of randomness), not their distribution. Bounding releases nothing by itself.
 *
 * <p>Immutable and thread-safe.
 */
public final class KeyedBounding {
  private final KeyedSubset subset;

  private KeyedBounding(KeyedSubset subset) {
    this.subset = subset;
  }

  /**
   * A bounding to at most {@code maxItemsPerCustomer} items, with a fresh key from {@link
   * RandomSources#secure()}.
   *
   * @throws IllegalArgumentException unless {@code maxItemsPerCustomer} is in {@code [1, 10,000]}
   *     (core's range of {@code max-items-per-user})
   */
  public static KeyedBounding withFreshKey(int maxItemsPerCustomer) {
    if (maxItemsPerCustomer < 1 || maxItemsPerCustomer > 10_000) {
      throw new IllegalArgumentException("maxItemsPerCustomer must be in [1, 10000]. Provided value: "
          + maxItemsPerCustomer);
    }
    RandomSource secure = RandomSources.secure();
    return new KeyedBounding(new KeyedSubset(secure.nextLong(), secure.nextLong(), maxItemsPerCustomer));
  }

  /** The subset rule, key included (for the statistics' row preparation; never shown). */
  KeyedSubset subset() {
    return subset;
  }

  /** The bound {@code m} on items kept per customer. */
  public int maxItemsPerCustomer() {
    return subset.maxItems();
  }

  /**
   * The rows of {@code data} bounded to at most {@link #maxItemsPerCustomer()} items each (lazy,
   * not cached; computed on the executors). The result reports the bound ({@link
   * SparkInteractions#maxItemsPerCustomer()}); rows already bounded to fewer items keep their
   * smaller bound.
   *
   * @throws NullPointerException if {@code data} is null
   */
  public SparkInteractions apply(SparkInteractions data) {
    requireNonNull(data, "data");
    int bound = data.isBounded() ? Math.min(data.maxItemsPerCustomer(), maxItemsPerCustomer()) : maxItemsPerCustomer();
    StructType schema = Rows.schema(data.hasTimes());
    // A SQL function, not a typed map: bounding needs DataFrame operations only (Spark Connect).
    UserDefinedFunction function = udf(new BoundRows(subset), schema).asNonNullable().withName("privrec_bound_rows");
    Column[] columns = Arrays.stream(schema.fieldNames()).map(functions::col).toArray(Column[]::new);
    return new SparkInteractions(data.rows().select(function.apply(struct(columns)).as("bounded")).select("bounded.*"),
        data.catalogue(), data.hasTimes(), bound);
  }

  /**
   * The items this bounding keeps of one customer's row, in increasing order: the same subset
   * {@link #apply} keeps on the executors, computed locally.
   *
   * @param customer the customer id
   * @param items her distinct item indices, in any order
   * @throws IllegalArgumentException if {@code items} holds a repeated index
   * @throws NullPointerException if an argument is null
   */
  public int[] keep(String customer, int[] items) {
    requireNonNull(customer, "customer");
    requireNonNull(items, "items");
    int[] sorted = items.clone();
    java.util.Arrays.sort(sorted);
    for (int k = 1; k < sorted.length; k++) {
      if (sorted[k] == sorted[k - 1]) {
        throw new IllegalArgumentException("items must be distinct; an index repeats");
      }
    }
    int[] kept = subset.keptPositions(customer, sorted);
    int[] out = new int[kept.length];
    for (int k = 0; k < kept.length; k++) {
      out[k] = sorted[kept[k]];
    }
    return out;
  }

  @Override
  public String toString() {
    return "KeyedBounding{maxItemsPerCustomer=" + maxItemsPerCustomer() + ", key hidden}";
  }
}
