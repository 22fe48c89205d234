package io.privrec.benchmarks.sparkscale;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * A synthetic fashion shop's event log generated inside Spark: {@code spark.range} and per-row
 * hashing only, so no event ever exists on the driver and the log is the same under any
 * partitioning.
 *
 * <h2>Model</h2>
 * A simplified version of core's {@link io.privrec.core.store.SyntheticStore} (not its generator):
 * <ul>
 *   <li>{@value #GARMENTS} garments ({@code g00000} … {@code g04999}), the public catalogue, in
 *       {@value #STYLE_GROUPS} style groups of 100 (garment {@code i} is in group {@code i mod 50}).
 *   <li>{@code ceil(N / 20)} customers (ids {@code 0 … C−1}, numbers); event {@code e} belongs to
 *       customer {@code hash(seed, e, 0) mod C}, so a customer has about 20 events (binomial,
 *       mean {@value #EVENTS_PER_CUSTOMER}) and her events are spread over all partitions.
 *   <li>Each customer has a primary style group {@code hash(seed, customer, 1) mod 50}. An event
 *       picks from it with probability {@value #GROUP_SHARE}, otherwise from the whole catalogue.
 *   <li>Both picks follow a power law with exponent {@value #POPULARITY_EXPONENT} (as the
 *       store's default): the popularity rank {@code r} is {@code floor(x) − 1} for {@code x} drawn
 *       from the density {@code ∝ x^−0.9} on {@code [1, n + 1]} by inversion ({@code n} = 100 in a
 *       group, 5,000 overall). Within a group rank {@code r} is garment {@code group + 50·r}; over
 *       the catalogue rank {@code r} is garment {@code (3001·r + 419) mod 5000} (a fixed bijection,
 *       so popularity is not tied to the style groups' layout).
 *   <li>Every event weighs 1; repeated (customer, garment) events are summed by {@link
 *       io.privrec.spark.SparkInteractions} (its default), so a customer holds at most 20 distinct
 *       garments, usually fewer.
 * </ul>
 * Uniform variates are the top 53 bits of Spark's {@code xxhash64} of (seed, event or customer,
 * draw number), so the log depends only on (N, seed).
 *
 * <p>Columns of {@link #events}: {@code customer} (long), {@code customer_index} (int, the same
 * number, for MLlib), {@code garment} (string id), {@code garment_index} (int). Stateless.
 */
public final class SyntheticShop {
  /** The catalogue's size. */
  public static final int GARMENTS = 5_000;
  /** Style groups (of {@code GARMENTS / STYLE_GROUPS} garments each). */
  public static final int STYLE_GROUPS = 50;
  /** Mean events per customer. */
  public static final int EVENTS_PER_CUSTOMER = 20;
  /** Probability that an event picks from the customer's primary style group. */
  public static final double GROUP_SHARE = 0.6;
  /** The power-law exponent of popularity. */
  public static final double POPULARITY_EXPONENT = 0.9;
  /** A multiplier coprime to {@code GARMENTS}: the global popularity order's bijection. */
  private static final int SPREAD = 3001;
  private static final int OFFSET = 419;

  private SyntheticShop() {}

  /** The number of customers of a log of {@code events} events. */
  public static long customers(long events) {
    return (events + EVENTS_PER_CUSTOMER - 1) / EVENTS_PER_CUSTOMER;
  }

  /**
   * The log of {@code n} events in {@code partitions} partitions (lazy).
   *
   * @throws IllegalArgumentException if {@code n < 1}, or the customers would not fit an int
   */
  public static Dataset<Row> events(SparkSession spark, long n, long seed, int partitions) {
    if (!(n >= 1 && customers(n) <= Integer.MAX_VALUE)) {
      throw new IllegalArgumentException("n must be in [1, " + (long) Integer.MAX_VALUE * EVENTS_PER_CUSTOMER
          + "]. Provided value: " + n);
    }
    long customers = customers(n);
    Column customer = pmod(xxhash64(lit(seed), col("id"), lit(0)), lit(customers));
    Column group = pmod(xxhash64(lit(seed), col("customer"), lit(1)), lit(STYLE_GROUPS));
    Column inGroup = uniform(seed, 2).lt(GROUP_SHARE);
    Column groupRank = powerLawRank(uniform(seed, 3), GARMENTS / STYLE_GROUPS);
    Column globalRank = powerLawRank(uniform(seed, 3), GARMENTS);
    Column garment = when(inGroup, group.plus(groupRank.multiply(STYLE_GROUPS)))
        .otherwise(pmod(globalRank.multiply(SPREAD).plus(OFFSET), lit(GARMENTS)));
    return spark.range(0, n, 1, partitions)
        .withColumn("customer", customer)
        .withColumn("garment_index", garment.cast(DataTypes.IntegerType))
        .select(col("customer"), col("customer").cast(DataTypes.IntegerType).as("customer_index"),
            format_string("g%05d", col("garment_index")).as("garment"), col("garment_index"));
  }

  /** The public catalogue: one row per garment, column {@code garment} (lazy). */
  public static Dataset<Row> catalogue(SparkSession spark) {
    return spark.range(GARMENTS).select(format_string("g%05d", col("id")).as("garment"));
  }

  /** A uniform variate in [0, 1) from the event id's hash of draw {@code draw}. */
  private static Column uniform(long seed, int draw) {
    return shiftrightunsigned(xxhash64(lit(seed), col("id"), lit(draw)), 11).multiply(lit(0x1.0p-53));
  }

  /** Rank in [0, n) of density ∝ x^−α on [1, n + 1] by inversion: ((1 + u·((n+1)^(1−α) − 1))^(1/(1−α)). */
  private static Column powerLawRank(Column u, int n) {
    double a = 1 - POPULARITY_EXPONENT;
    Column x = pow(lit(1).plus(u.multiply(Math.pow(n + 1.0, a) - 1)), 1 / a);
    return least(floor(x).minus(1), lit(n - 1)).cast(DataTypes.IntegerType);
  }
}
