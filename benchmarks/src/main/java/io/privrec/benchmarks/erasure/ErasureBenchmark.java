package io.privrec.benchmarks.erasure;

import io.privrec.core.ErasureReceipt;
import io.privrec.core.PrivateRecommender;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Algorithms;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.store.SyntheticStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Batched erasure of customers through the facade versus retraining without them.
 *
 * <p>Erasure changes the recommender, so every measured call gets a freshly fitted one: single-shot
 * mode with the recommender rebuilt in an iteration-level setup (not measured). For the issue's
 * figure run {@code -p events=2200000 -p erasures=1000} (about 1 million distinct interactions).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@State(Scope.Benchmark)
public class ErasureBenchmark {

  /** Store size in events (the store is generated with a fixed seed). */
  @Param({"200000"})
  public long events;

  /** Customers erased in one batch. */
  @Param({"100"})
  public int erasures;

  /** The model whose erasure is measured. */
  @Param({"popularity", "item-knn", "ials"})
  public String model;

  private InteractionMatrix data;
  private List<String> victims;
  private PrivateRecommender recommender;

  /** Generates the store and picks the customers to erase. */
  @Setup(Level.Trial)
  public void generate() {
    int customers = (int) Math.max(1_000, events / 20);
    data = SyntheticStore.builder().seed(42).customers(customers).garments(Math.min(5_000, customers / 10))
        .events(events).build().interactions();
    SplittableRandom random = new SplittableRandom(7);
    victims = new ArrayList<>();
    while (victims.size() < erasures) {
      int u = random.nextInt(data.numUsers());
      String id = data.users().id(u);
      if (data.rowLength(u) > 0 && !victims.contains(id)) {
        victims.add(id);
      }
    }
  }

  /** A freshly fitted recommender for each measured erasure. */
  @Setup(Level.Iteration)
  public void fit() {
    recommender = PrivateRecommender.builder().data(data).algorithm(model, Map.of()).build();
  }

  /** Erases the batch and updates the model. */
  @Benchmark
  public ErasureReceipt forgetBatch() {
    return recommender.forget(victims);
  }

  /** The alternative: refit from scratch on the data without the batch. */
  @Benchmark
  public ItemScorer retrainWithout() {
    int[] erased = victims.stream().mapToInt(id -> data.users().require(id)).toArray();
    return Algorithms.create(model, Map.of()).fit(data.eraseUsers(erased), FitListener.NONE);
  }
}
