package io.privrec.benchmarks.dpcf;

import io.privrec.benchmarks.kernels.CpuClock;
import io.privrec.benchmarks.kernels.CpuTime;
import io.privrec.core.cf.Ials;
import io.privrec.core.cf.IalsModel;
import io.privrec.core.cf.dp.DpIals;
import io.privrec.core.cf.dp.DpIalsModel;
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
 * Fit time of private iALS (defaults, secure random source, ε = 1) on the synthetic store, against
 * exact iALS with the same factors and iterations as baseline. The default {@code @Param}s keep CI
 * smoke runs short; the store-sized run is {@code -p garments=5000 -p customers=50000 -p
 * events=1000000}. The auxiliary counters ({@link CpuTime}) give the process CPU time per fit (all
 * threads, JIT and GC included), steadier than wall time on a shared machine; the private/plain
 * ratio is {@code fit}'s CPU-ms per call over {@code ialsFitBaseline}'s. Add {@code
 * -jvmArgsAppend "--add-modules jdk.incubator.vector"} for the Vector API kernels (both fits use
 * them in their conjugate-gradient steps).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g"})
@State(Scope.Benchmark)
public class DpIalsBenchmark {

  @Param({"500"})
  int garments;

  @Param({"5000"})
  int customers;

  @Param({"100000"})
  long events;

  InteractionMatrix train;
  DpIals algorithm;
  Ials baseline;

  @Setup(Level.Trial)
  public void setUp() {
    SyntheticStore store = SyntheticStore.builder().seed(42).customers(customers).garments(garments).events(events).build();
    train = store.interactions();
    // The store's garment list is the shop's public catalogue.
    Catalogue catalogue = Catalogue.of(store.garments().stream().map(Garment::id).toList());
    algorithm = DpIals.builder().epsilon(1).catalogue(catalogue).build();
    baseline = Ials.builder().factors(algorithm.factors()).iterations(algorithm.iterations()).build();
  }

  @Benchmark
  public DpIalsModel fit(CpuTime cpu) {
    long start = CpuClock.processNanos();
    DpIalsModel model = algorithm.fit(train, FitListener.NONE);
    cpu.add(CpuClock.processNanos() - start);
    return model;
  }

  @Benchmark
  public IalsModel ialsFitBaseline(CpuTime cpu) {
    long start = CpuClock.processNanos();
    IalsModel model = baseline.fit(train, FitListener.NONE);
    cpu.add(CpuClock.processNanos() - start);
    return model;
  }
}
