package io.privrec.spark.internal;

import org.apache.spark.sql.SparkSession;

/**
 * The driver-size guard: a dense triangle that the driver would hold for {@code n} items ({@code
 * n(n+1)/2} entries of 8 bytes) must fit the limit {@value #MAX_DENSE_BYTES} of the session's
 * configuration (bytes; default half the driver JVM's maximum heap), checked before any Spark job.
 * Stateless.
 */
public final class DriverMemory {
  /** The session configuration key of the limit, in bytes. */
  public static final String MAX_DENSE_BYTES = "spark.privrec.driver.maxDenseBytes";

  private DriverMemory() {}

  /** The limit in bytes: the session's setting, or half the maximum heap. */
  public static long limit(SparkSession spark) {
    String value = spark.conf().get(MAX_DENSE_BYTES, "");
    if (value.isEmpty()) {
      return Runtime.getRuntime().maxMemory() / 2;
    }
    try {
      long limit = Long.parseLong(value.trim());
      if (limit > 0) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(MAX_DENSE_BYTES + " must be a positive number of bytes. Provided value: "
        + value);
  }

  /**
   * Checks that a dense lower triangle of {@code n} items fits the limit.
   *
   * @param what what the triangle holds, e.g. "item pair counts"
   * @throws IllegalArgumentException naming the key, the rule and the values if it does not
   */
  public static void checkTriangle(SparkSession spark, String what, int n) {
    long bytes = 8 * ((long) n * (n + 1) / 2);
    long limit = limit(spark);
    if (bytes > limit) {
      throw new IllegalArgumentException(what + " of n = " + n + " items need a dense triangle of n(n+1)/2 values,"
          + " 8 bytes each, on the driver: " + bytes + " bytes, above " + MAX_DENSE_BYTES + " = " + limit
          + " (default: half the driver's maximum heap). Raise " + MAX_DENSE_BYTES
          + " if the driver has the memory, or use a smaller catalogue");
    }
  }
}
