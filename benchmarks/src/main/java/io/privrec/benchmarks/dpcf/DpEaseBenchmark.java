package io.privrec.benchmarks.dpcf;

import io.privrec.benchmarks.kernels.CpuClock;
import io.privrec.benchmarks.kernels.CpuTime;
import io.privrec.core.cf.Ease;
import io.privrec.core.cf.EaseModel;
import io.privrec.core.cf.dp.DpEase;
import io.privrec.core.cf.dp.DpEaseModel;
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
 * Fit time of DP-EASE (secure random source, ε = 1) on the synthetic store, against the exact EASE
 * fit as baseline. {@code rank} 0 inverts the full noisy Gram matrix; r &gt; 0 denoises it to rank
 * r. The default {@code @Param}s (500 garments) keep CI smoke runs short; the 5,000-garment store
 * runs with {@code -p garments=5000 -p customers=50000 -p events=1000000}. The auxiliary counters
 * ({@link CpuTime}) give the process CPU time per fit (all threads, JIT and GC included), steadier
 * than wall time on a shared machine.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g"})
@State(Scope.Benchmark)
public class DpEaseBenchmark {

  @Param({"500"})
  int garments;

  @Param({"5000"})
  int customers;

  @Param({"100000"})
  long events;

  @Param({"0", "128"})
  int rank;

  InteractionMatrix train;
  DpEase algorithm;
  Ease baseline;

  @Setup(Level.Trial)
  public void setUp() {
    SyntheticStore store = SyntheticStore.builder().seed(42).customers(customers).garments(garments).events(events).build();
    train = store.interactions();
    // The store's garment list is the shop's public catalogue.
    Catalogue catalogue = Catalogue.of(store.garments().stream().map(Garment::id).toList());
    algorithm = DpEase.builder().epsilon(1).rank(rank).catalogue(catalogue).build();
    baseline = Ease.create();
  }

  @Benchmark
  public DpEaseModel fit(CpuTime cpu) {
    long start = CpuClock.processNanos();
    DpEaseModel model = algorithm.fit(train, FitListener.NONE);
    cpu.add(CpuClock.processNanos() - start);
    return model;
  }

  @Benchmark
  public EaseModel easeFitBaseline(CpuTime cpu) {
    long start = CpuClock.processNanos();
    EaseModel model = baseline.fit(train, FitListener.NONE);
    cpu.add(CpuClock.processNanos() - start);
    return model;
  }
}
