package io.privrec.benchmarks.scoring;

import io.privrec.core.CohortOptions;
import io.privrec.core.PrivateRecommender;
import io.privrec.core.ScoredItem;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.store.SyntheticStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One recommendation through the facade with location cohorts, beside the same model without
 * them: item-kNN on the embedded store ({@code customers} customers, seed 7), cohorts of at least
 * 50 by region and age band. {@code recommendCustomer} and {@code recommendCustomerWithoutCohorts}
 * serve the store's customers round-robin (the cohort path adds the backoff ranking and the rank
 * fusion); {@code recommendVisitor} serves a visitor known only by her region.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class CohortBenchmark {

  @Param({"50000"})
  int customers;

  PrivateRecommender withCohorts;
  PrivateRecommender without;
  String[] customerIds;
  int next;

  @Setup(Level.Trial)
  public void setUp() {
    SyntheticStore store = SyntheticStore.builder().seed(7).customers(customers)
        .garments(Math.max(100, Math.min(5_000, customers / 10))).events(20L * customers).build();
    InteractionMatrix data = store.interactions();
    withCohorts = PrivateRecommender.builder().data(data).catalogue(store.catalogue()).algorithm("item-knn")
        .attributes(store.customerAttributes())
        .cohorts(CohortOptions.builder().attributes("region", "age-band").build()).build();
    without = PrivateRecommender.builder().data(data).catalogue(store.catalogue()).algorithm("item-knn").build();
    customerIds = data.users().ids().toArray(new String[0]);
  }

  private String nextCustomer() {
    String id = customerIds[next];
    next = next + 1 == customerIds.length ? 0 : next + 1;
    return id;
  }

  @Benchmark
  public List<ScoredItem> recommendCustomer() {
    return withCohorts.recommend(nextCustomer(), 10);
  }

  @Benchmark
  public List<ScoredItem> recommendCustomerWithoutCohorts() {
    return without.recommend(nextCustomer(), 10);
  }

  @Benchmark
  public List<ScoredItem> recommendVisitor() {
    return withCohorts.recommendForAttributes(Map.of("region", "North-West"), 10);
  }
}
