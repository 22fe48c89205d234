package io.privrec.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlanInfo;
import org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart;
import org.apache.spark.storage.RDDInfo;
import scala.collection.Iterator;

/**
 * Watches the Spark jobs that code run inside {@link #watch} submits, for what a Spark Connect
 * session could not run:
 * <ul>
 *   <li>typed or RDD nodes in the physical plans of its SQL executions: a typed {@code map} or
 *       {@code mapPartitions} shows as {@code MapElements}, {@code MapPartitions}, {@code
 *       DeserializeToObject} or {@code SerializeFromObject}, an RDD turned into a DataFrame as a scan
 *       of an {@code ExistingRDD} or {@code ExternalRDD};
 *   <li>jobs outside any SQL execution that read a Dataset turned into an RDD ({@code rdd()},
 *       {@code javaRDD()}): Spark wraps such rows in a {@code SQLExecutionRDD}. Jobs outside a SQL
 *       execution are not a sign by themselves: Spark's own {@code toLocalIterator} runs its jobs
 *       lazily, after its SQL execution has ended.
 * </ul>
 * The names are Spark's; {@code DataFramePathTest} checks on each Spark version that the partition
 * path and an RDD action are still seen, so a renaming fails that check instead of passing
 * silently. Jobs of other threads are ignored: the watched thread carries a marker property, which
 * Spark copies into the properties of every job it submits for that thread. Broadcast variables
 * and other {@code SparkContext} calls that run no job do not show in listener events.
 */
final class RddUseListener extends SparkListener {
  private static final String MARKER = "privrec.test.watched";
  private static final String EXECUTION_ID = "spark.sql.execution.id";
  /** The RDD class Spark wraps a Dataset's rows in when the Dataset is turned into an RDD. */
  private static final String DATASET_AS_RDD = "SQLExecutionRDD";
  private static final List<String> TYPED_NODES = List.of("MapElements", "MapPartitions", "DeserializeToObject",
      "SerializeFromObject", "AppendColumns", "MapGroups", "ExistingRDD", "ExternalRDD");

  private final String marker = Long.toString(System.nanoTime());
  private final Set<Long> watchedExecutions = ConcurrentHashMap.newKeySet();
  private final Set<Integer> datasetsAsRdds = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<Long, Set<String>> typedNodes = new ConcurrentHashMap<>();
  private int watchedJobs;

  /** Runs {@code work} on this thread with the listener registered and every event delivered. */
  void watch(SparkSession spark, Runnable work) throws TimeoutException {
    spark.sparkContext().addSparkListener(this);
    spark.sparkContext().setLocalProperty(MARKER, marker);
    try {
      work.run();
    } finally {
      spark.sparkContext().setLocalProperty(MARKER, null);
      spark.sparkContext().listenerBus().waitUntilEmpty();
      spark.sparkContext().removeSparkListener(this);
    }
  }

  /** Number of watched jobs seen. */
  synchronized int watchedJobs() {
    return watchedJobs;
  }

  /** Ids of the watched jobs that ran a Dataset turned into an RDD, outside any SQL execution. */
  Set<Integer> datasetsAsRdds() {
    return Set.copyOf(datasetsAsRdds);
  }

  /** The typed or RDD node names in the plans of the watched SQL executions. */
  List<String> typedNodes() {
    List<String> out = new ArrayList<>();
    for (Long execution : watchedExecutions) {
      out.addAll(typedNodes.getOrDefault(execution, Set.of()));
    }
    return out;
  }

  @Override
  public void onJobStart(SparkListenerJobStart job) {
    Properties properties = job.properties();
    if (properties == null || !marker.equals(properties.getProperty(MARKER))) {
      return;
    }
    synchronized (this) {
      watchedJobs++;
    }
    String execution = properties.getProperty(EXECUTION_ID);
    if (execution != null) {
      watchedExecutions.add(Long.parseLong(execution));
    } else if (holdsDatasetAsRdd(job)) {
      datasetsAsRdds.add(job.jobId());
    }
  }

  /** True if a stage of the job reads a Dataset turned into an RDD ({@code Dataset.rdd()}). */
  private static boolean holdsDatasetAsRdd(SparkListenerJobStart job) {
    Iterator<StageInfo> stages = job.stageInfos().iterator();
    while (stages.hasNext()) {
      Iterator<RDDInfo> rdds = stages.next().rddInfos().iterator();
      while (rdds.hasNext()) {
        if (rdds.next().name().equals(DATASET_AS_RDD)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public void onOtherEvent(SparkListenerEvent event) {
    if (event instanceof SparkListenerSQLExecutionStart start) {
      collect(start.executionId(), start.sparkPlanInfo());
    } else if (event instanceof SparkListenerSQLAdaptiveExecutionUpdate update) {
      collect(update.executionId(), update.sparkPlanInfo());
    }
  }

  private void collect(long execution, SparkPlanInfo node) {
    for (String typed : TYPED_NODES) {
      if (node.nodeName().contains(typed)) {
        typedNodes.computeIfAbsent(execution, e -> ConcurrentHashMap.newKeySet()).add(node.nodeName());
      }
    }
    Iterator<SparkPlanInfo> children = node.children().iterator();
    while (children.hasNext()) {
      collect(execution, children.next());
    }
  }
}
