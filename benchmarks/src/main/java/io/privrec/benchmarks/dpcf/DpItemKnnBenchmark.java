package io.privrec.benchmarks.dpcf;

import io.privrec.core.cf.ItemKnn;
import io.privrec.core.cf.ItemKnnModel;
import io.privrec.core.cf.dp.DpItemKnn;
import io.privrec.core.cf.dp.DpItemKnnModel;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.core.store.Garment;
import io.privrec.core.store.SyntheticStore;
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
 * Fit time of the differentially private item-kNN ({@link DpItemKnn}, default parameters, ε = 1,
 * the default secure random source) against the non-private {@link ItemKnn} baseline on the same
 * data.
 *
 * <p>Data: the synthetic store ({@link SyntheticStore}, seed 42) with 50,000 customers, 1,000,000
 * events and {@code items} garments; built once per trial. Each fit takes seconds, so the mode is
 * single-shot time; the CI smoke run ({@code -wi 0 -i 1}) fits each model once per size (about a
 * minute in total on 2 cores). Both sizes use the sparse release: no array of {@code items²}
 * entries is allocated (2·10⁸ pairs at 20,000 items).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms6g", "-Xmx6g"})
@State(Scope.Benchmark)
public class DpItemKnnBenchmark {

  @Param({"5000", "20000"})
  int items;

  InteractionMatrix train;
  DpItemKnn dp;
  ItemKnn baseline;

  @Setup(Level.Trial)
  public void setUp() {
    SyntheticStore store = SyntheticStore.builder().seed(42).customers(50_000).garments(items).events(1_000_000).build();
    train = store.interactions();
    // The store's garment list is the shop's public catalogue.
    Catalogue catalogue = Catalogue.of(store.garments().stream().map(Garment::id).toList());
    dp = DpItemKnn.builder().epsilon(1).catalogue(catalogue).build();
    baseline = ItemKnn.create();
  }

  @Benchmark
  public DpItemKnnModel fitPrivate() {
    return dp.fit(train, FitListener.NONE);
  }

  @Benchmark
  public ItemKnnModel fitBaseline() {
    return baseline.fit(train, FitListener.NONE);
  }
}
