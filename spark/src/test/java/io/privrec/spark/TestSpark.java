package io.privrec.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of the test run: local mode with two worker threads and up to three
 * attempts per task ({@code local[2,3]}: the retry test makes a task fail on its first attempt),
 * no UI, four shuffle partitions. Created on first use and stopped when the JVM exits.
 */
final class TestSpark {
  private TestSpark() {}

  /** The shared session. */
  static SparkSession session() {
    return Holder.SESSION;
  }

  private static final class Holder {
    static final SparkSession SESSION = start();

    private static SparkSession start() {
      SparkSession spark = SparkSession.builder()
          .master("local[2,3]")
          .appName("privrec-spark-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4")
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(spark::stop, "stop-test-spark"));
      return spark;
    }
  }
}
