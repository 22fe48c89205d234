package io.privrec.benchmarks.cf;

import io.privrec.benchmarks.kernels.CpuClock;
import io.privrec.benchmarks.kernels.CpuTime;
import io.privrec.core.cf.Ials;
import io.privrec.core.cf.IalsModel;
import io.privrec.core.data.InteractionMatrix;
import java.io.IOException;
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
 * iALS fitting time: one fit of {@code iterations} iterations per operation (the per-iteration
 * cost is the slope between two {@code iterations} values; fixed costs are building the sparse
 * views and the initial factors). The data comes from {@link IalsData} (fixed seed). The auxiliary
 * counters ({@link CpuTime}) give the process CPU time per fit (all threads, JIT and GC
 * included), steadier than wall time on a shared machine: CPU-s per iteration = cpuMillis / calls
 * / 1000 / iterations, the fixed costs included.
 *
 * <p>Defaults are CI-sized. Full-size runs (the Vector API needs the module flag, which the fork
 * adds; pass {@code -jvmArgsAppend -Dprivrec.kernels=scalar} for the plain loops):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar IalsBenchmark -f 1 -wi 1 -i 3 \
 *     -p dataset=ml100k,ml20m-shape -p factors=64,128 -p iterations=1,5 -p threads=2 \
 *     -jvmArgsAppend -Dprivrec.shared.data=../shared/data
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms6g", "-Xmx6g", "--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class IalsBenchmark {

  @Param({"synthetic-small"})
  String dataset;

  @Param({"64"})
  int factors;

  @Param({"1"})
  int iterations;

  @Param({"2"})
  int threads;

  InteractionMatrix data;
  Ials ials;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    data = IalsData.named(dataset);
    ials = Ials.builder().factors(factors).iterations(iterations).threads(threads).build();
  }

  @Benchmark
  public IalsModel fit(CpuTime cpu) {
    long start = CpuClock.processNanos();
    IalsModel model = ials.fit(data);
    cpu.add(CpuClock.processNanos() - start);
    return model;
  }
}
