/**
 * Implementation of privrec-spark: the row layout, the per-customer functions Spark runs on the
 * executors and the keyed hash. Not an API: may change in any release.
 */
package io.privrec.spark.internal;
