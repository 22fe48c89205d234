package io.privrec.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.core.cf.dp.DpEase;
import io.privrec.core.cf.dp.DpEaseModel;
import io.privrec.core.cf.dp.DpPopularity;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.spark.SparkStatistics.Execution;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The DataFrame execution path end to end, watched by {@link RddUseListener}: from the events to
 * the customers' lists, no plan holds a typed or RDD node and no job reads a Dataset as an RDD
 * (what Spark Connect could not run). The partition path and an RDD action, watched the same way,
 * are seen, so the check is not vacuous.
 */
class DataFramePathTest {
  private static final int M = 6;

  @Test
  void eventsToDpEaseToTopK_onTheDataFramePath_useDataFrameOperationsOnly() throws TimeoutException {
    SparkSession spark = TestSpark.session();
    TestEvents fixture = new TestEvents(31, 120, 25, 12);
    RddUseListener listener = new RddUseListener();
    long[] lists = new long[1];

    listener.watch(spark, () -> {
      SparkInteractions data = SparkInteractions.from(fixture.frame()).customer("customer_id").item("sku")
          .weight("weight").time("ts").catalogue(fixture.products(), "sku");
      DpEase algorithm = DpEase.builder().maxItemsPerUser(M).epsilon(3).candidateThreshold(1)
          .insecureRandomSourceForTesting(3).build();
      DpEaseModel model = SparkFit.dpEase(algorithm, data, PrivacyAccountant.create(algorithm.budget()),
          Execution.DATA_FRAME);
      DpPopularity popularity = DpPopularity.builder().maxItemsPerUser(M).topK(10)
          .insecureReproducibleForTesting(3).build();
      SparkFit.dpPopularity(popularity, KeyedBounding.withFreshKey(M).apply(data),
          PrivacyAccountant.create(popularity.budget()));
      List<Row> rows = SparkScoring.topK(model, data, 5, Execution.DATA_FRAME).collectAsList();
      lists[0] = rows.size();
      data.unpersist();
    });

    assertThat(lists[0]).isPositive();
    assertThat(listener.watchedJobs()).isPositive();
    assertThat(listener.datasetsAsRdds()).isEmpty();
    assertThat(listener.typedNodes()).isEmpty();
  }

  @Test
  void partitionPathAndRddActions_areSeenByTheListener() throws TimeoutException {
    SparkSession spark = TestSpark.session();
    TestEvents fixture = new TestEvents(32, 40, 10, 5);
    SparkInteractions data = fixture.spark();
    RddUseListener listener = new RddUseListener();
    try {
      listener.watch(spark, () -> {
        SparkScoring.topK(SparkFit.popularity(data), data, 3, Execution.PARTITIONS).collectAsList();
        data.rows().javaRDD().count();
      });
    } finally {
      data.unpersist();
    }

    assertThat(listener.typedNodes()).contains("MapPartitions");
    assertThat(listener.datasetsAsRdds()).isNotEmpty();
  }
}
