package io.privrec.benchmarks.scoring;

import io.privrec.core.PrivateRecommender;
import io.privrec.core.ScoredItem;
import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import java.util.List;
import java.util.SplittableRandom;
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
 * One recommendation through the facade ({@link PrivateRecommender}) with the popularity model:
 * score copy, seen-item exclusion, top-10 selection and id mapping.
 *
 * <p>Synthetic store built once from a fixed seed: {@code users} customers with 1–40 distinct
 * items each (mean about 20), items drawn with a quadratic skew so that low indices are popular.
 * Customers are visited round-robin so that rows are not always cached.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class PopularityBenchmark {

  @Param({"50000"})
  int users;

  @Param({"5000"})
  int items;

  PrivateRecommender recommender;
  String[] customerIds;
  List<String> session;
  int next;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.MAX);
    for (int i = 0; i < items; i++) {
      b.internItem("sku-" + i);
    }
    customerIds = new String[users];
    for (int u = 0; u < users; u++) {
      customerIds[u] = "customer-" + u;
      int user = b.internUser(customerIds[u]);
      int n = 1 + random.nextInt(40);
      for (int j = 0; j < n; j++) {
        double x = random.nextDouble();
        b.addIndexed(user, (int) (x * x * items), 1f, 1_700_000_000L + random.nextInt(86_400 * 365));
      }
    }
    recommender = PrivateRecommender.builder().data(b.build()).algorithm("popularity").build();
    session = List.of("sku-3", "sku-70", "sku-900");
  }

  @Benchmark
  public List<ScoredItem> recommendCustomer() {
    String id = customerIds[next];
    next = next + 1 == customerIds.length ? 0 : next + 1;
    return recommender.recommend(id, 10);
  }

  @Benchmark
  public List<ScoredItem> recommendSession() {
    return recommender.recommendForSession(session, 10);
  }
}
