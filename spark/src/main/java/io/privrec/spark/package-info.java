/**
 * PrivRec on Apache Spark: a shop's interaction log as one row per customer ({@link
 * io.privrec.spark.SparkInteractions}), deterministic keyed contribution bounding ({@link
 * io.privrec.spark.KeyedBounding}), sufficient statistics computed by Spark ({@link
 * io.privrec.spark.SparkStatistics}), core's models fitted from them on the driver ({@link
 * io.privrec.spark.SparkFit}), top-k lists for every customer ({@link
 * io.privrec.spark.SparkScoring}), k-anonymity of a DataFrame ({@link
 * io.privrec.spark.SparkAnonymizer}) and k-anonymous customer cohorts of a DataFrame ({@link
 * io.privrec.spark.SparkCohorts}).
 *
 * <p>Principle: everything that grows with the number of customers (reading, bounding,
 * statistics, scoring, the histogram) runs on the executors; everything that grows with the
 * catalogue or the histogram (noise, selection, the accountant, the inverse, the anonymisation
 * search, the cohorts' partitioning) runs on the driver with privrec-core and privrec-dp,
 * unchanged. The models returned are
 * core's own classes and carry core's guarantees.
 *
 * <p>Spark is a {@code provided} dependency: compiled against Spark 3.5 (Scala 2.13), tested on
 * 3.5 and 4.0. On Java 17 a JVM that runs Spark in-process needs Spark's {@code --add-opens}
 * options (see the README).
 */
package io.privrec.spark;
