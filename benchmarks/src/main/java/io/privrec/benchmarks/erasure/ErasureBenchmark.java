package io.privrec.benchmarks.erasure;

import io.privrec.core.ErasureReceipt;
import io.privrec.core.PrivateRecommender;
import io.privrec.core.cf.Algorithms;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.PrivateAlgorithm;
import io.privrec.core.store.SyntheticStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Batched erasure of customers through the facade versus retraining without them, on the issue's
 * figure by default: 1,000 erasures from a store of about 1 million interactions (2.2 million
 * generated events, of which about 1.04 million distinct customer-garment pairs; 110,000
 * customers, 5,000 garments).
 *
 * <p>Erasure changes the recommender, so every measured call gets a freshly fitted one: single-shot
 * mode with the recommender (or model) rebuilt in an iteration-level setup (not measured, and only
 * for {@link #forgetBatch} and {@link #forgetModel}). {@link #forgetModel} measures the model's
 * {@link ItemScorer#forget} alone, {@link #forgetBatch} the facade's whole erasure. Both sides include producing the data without the batch, which erasure
 * must do too. Each single shot takes at most about 10 s on 2 cores; iALS ({@code -p
 * model=popularity,item-knn,ease,ials}) is left out of the default set because its retraining
 * takes 15–30 s there. Private models ({@code -p model=dp-ease,…}) are fitted through the facade
 * at (ε, δ) = (1, 1e-6) on the store's public catalogue; their erasure keeps the release, so what is
 * measured is the facade's own deletion of the customers' data.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@State(Scope.Benchmark)
public class ErasureBenchmark {

  /** Store size in events (the store is generated with a fixed seed). */
  @Param({"2200000"})
  public long events;

  /** Customers erased in one batch. */
  @Param({"1000"})
  public int erasures;

  /** The model whose erasure is measured. */
  @Param({"popularity", "item-knn", "ease"})
  public String model;

  private InteractionMatrix data;
  private Catalogue catalogue;
  private List<String> victims;

  /** Generates the store and picks the customers to erase. */
  @Setup(Level.Trial)
  public void generate() {
    int customers = (int) Math.max(1_000, events / 20);
    SyntheticStore store = SyntheticStore.builder().seed(42).customers(customers)
        .garments(Math.min(5_000, customers / 10)).events(events).build();
    catalogue = store.catalogue();
    data = store.interactions().onItems(catalogue.items());
    SplittableRandom random = new SplittableRandom(7);
    Set<String> picked = new LinkedHashSet<>();
    while (picked.size() < erasures) {
      int u = random.nextInt(data.numUsers());
      if (data.rowLength(u) > 0) {
        picked.add(data.users().id(u));
      }
    }
    victims = new ArrayList<>(picked);
  }

  /** A recommender fitted on the whole store, fresh for each measured erasure. */
  @State(Scope.Benchmark)
  public static class Fitted {
    private PrivateRecommender recommender;

    /** Fits the recommender (not measured). */
    @Setup(Level.Iteration)
    public void fit(ErasureBenchmark store) {
      PrivateRecommender.Builder b = PrivateRecommender.builder().data(store.data).catalogue(store.catalogue)
          .algorithm(store.model, Map.of());
      if (store.model.startsWith("dp-")) {
        b.privacy(1, 1e-6);
      }
      recommender = b.build();
    }
  }

  /** Erases the batch and updates the model. */
  @Benchmark
  public ErasureReceipt forgetBatch(Fitted fitted) {
    return fitted.recommender.forget(victims);
  }

  /** A model fitted on the whole store, fresh for each measured model erasure. */
  @State(Scope.Benchmark)
  public static class FittedModel {
    private ItemScorer scorer;

    /** Fits the model (not measured). */
    @Setup(Level.Iteration)
    public void fit(ErasureBenchmark store) {
      scorer = store.algorithm().fit(store.data, FitListener.NONE);
    }
  }

  /**
   * The model's own update alone ({@link ItemScorer#forget}), without the facade's bookkeeping:
   * producing the data without the batch, then the model update.
   */
  @Benchmark
  public ItemScorer forgetModel(FittedModel fitted) {
    int[] erased = victims.stream().mapToInt(id -> data.users().require(id)).sorted().toArray();
    return fitted.scorer.forget(new Erasure(data, data.eraseUsers(erased), erased)).model();
  }

  /** The alternative: refit from scratch on the data without the batch. */
  @Benchmark
  public ItemScorer retrainWithout() {
    int[] erased = victims.stream().mapToInt(id -> data.users().require(id)).toArray();
    return algorithm().fit(data.eraseUsers(erased), FitListener.NONE);
  }

  /** The benchmarked algorithm; a private one restricted to the store's public catalogue. */
  Algorithm algorithm() {
    Algorithm a = Algorithms.create(model, Map.of());
    return a instanceof PrivateAlgorithm p ? p.withCatalogue(catalogue) : a;
  }
}
