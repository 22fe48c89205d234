package io.privrec.benchmarks.cf;

import io.privrec.benchmarks.kernels.CpuClock;
import io.privrec.benchmarks.kernels.CpuTime;
import io.privrec.core.cf.ItemKnn;
import io.privrec.core.cf.ItemKnnModel;
import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.scoring.TopK;
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
 * Item-kNN with default parameters: fit time, one user's top-10 (score her profile, exclude her
 * items, select), and erasing one user from the fitted model.
 *
 * <p>Synthetic stores from a fixed seed (see {@link #store}): {@code ml100k} has the shape of
 * MovieLens 100K's positives (943 users, 1,682 items, about 55,000 interactions), {@code store-5k}
 * a 5,000-item shop (20,000 customers, about 20 items each). Users are visited round-robin.
 * Batch throughput per thread is the inverse of {@code recommendOne}'s time. The auxiliary
 * counters ({@link CpuTime}) give {@code fit}'s and {@code removeUser}'s process CPU time per call,
 * which a shared machine inflates less than wall time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g"})
@State(Scope.Benchmark)
public class ItemKnnBenchmark {

  @Param({"ml100k", "store-5k"})
  String data;

  InteractionMatrix train;
  ItemKnn algorithm;
  ItemKnnModel model;
  float[] scores;
  int next;

  /**
   * A synthetic store: {@code ml100k}, {@code store-5k} or {@code store-20k} (20,000 items, 80,000
   * customers, about 20 items each: EASE's largest default size). Profile lengths are uniform in {@code
   * [1, 2·mean − 1]}; items are drawn with a quadratic skew (low indices popular); repeats merge.
   */
  static InteractionMatrix store(String name) {
    int users;
    int items;
    int mean;
    switch (name) {
      case "ml100k":
        users = 943;
        items = 1682;
        mean = 62; // about 55,000 distinct pairs after merging repeats
        break;
      case "store-5k":
        users = 20_000;
        items = 5000;
        mean = 20;
        break;
      case "store-20k":
        users = 80_000;
        items = 20_000;
        mean = 20;
        break;
      default:
        throw new IllegalArgumentException("unknown store '" + name + "'; use ml100k, store-5k or store-20k");
    }
    SplittableRandom random = new SplittableRandom(42);
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.MAX);
    for (int i = 0; i < items; i++) {
      b.internItem("sku-" + i);
    }
    for (int u = 0; u < users; u++) {
      int user = b.internUser("customer-" + u);
      int n = 1 + random.nextInt(2 * mean - 1);
      for (int j = 0; j < n; j++) {
        double x = random.nextDouble();
        b.addIndexed(user, (int) (x * x * items), 1f, 0L);
      }
    }
    return b.build();
  }

  /** Top-10 of {@code user} excluding her training items (what the facade does per customer). */
  static int[] recommend(ItemScorer scorer, InteractionMatrix train, int user, float[] scores) {
    scorer.scoreProfile(train.rowItems(user), train.rowWeights(user), scores);
    for (int p = train.rowStart(user); p < train.rowEnd(user); p++) {
      scores[train.itemAt(p)] = Float.NEGATIVE_INFINITY;
    }
    return TopK.select(scores, 10);
  }

  @Setup(Level.Trial)
  public void setUp() {
    train = store(data);
    algorithm = ItemKnn.create();
    model = algorithm.fit(train, FitListener.NONE);
    scores = new float[train.numItems()];
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public ItemKnnModel fit(CpuTime cpu) {
    long start = CpuClock.processNanos();
    ItemKnnModel fitted = algorithm.fit(train, FitListener.NONE);
    cpu.add(CpuClock.processNanos() - start);
    return fitted;
  }

  @Benchmark
  public int[] recommendOne() {
    int user = next;
    next = next + 1 == train.numUsers() ? 0 : next + 1;
    return recommend(model, train, user, scores);
  }

  /**
   * Erases one customer from the fitted model ({@link ItemKnnModel#forget}), including producing
   * the training data without her, which the caller must do too.
   */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public ItemScorer removeUser(CpuTime cpu) {
    int user = next;
    next = next + 1 == train.numUsers() ? 0 : next + 1;
    long start = CpuClock.processNanos();
    ItemScorer updated = model.forget(new Erasure(train, train.eraseUsers(user), new int[] {user})).model();
    cpu.add(CpuClock.processNanos() - start);
    return updated;
  }
}
