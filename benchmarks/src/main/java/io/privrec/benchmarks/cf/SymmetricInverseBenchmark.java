package io.privrec.benchmarks.cf;

import io.privrec.benchmarks.kernels.CpuClock;
import io.privrec.benchmarks.kernels.CpuTime;
import io.privrec.core.cf.internal.RankUpdateKernel;
import io.privrec.core.cf.internal.RankUpdateKernels;
import io.privrec.core.cf.internal.ScalarRankUpdateKernel;
import io.privrec.core.cf.internal.SweepInverse;
import io.privrec.core.cf.internal.SymmetricInverse;
import io.privrec.core.model.FitListener;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The dense symmetric inverse behind EASE ({@code n × n}, lower triangle in double precision), the
 * previous kernel and the current one side by side, with a baseline that only copies the input
 * (every call inverts a fresh copy, since the inverse works in place).
 *
 * <p>{@code kernel}: {@code sweep} is the previous kernel ({@link SweepInverse}); {@code scalar}
 * and {@code vector} are {@link SymmetricInverse} with the plain-Java and the Vector API {@link
 * RankUpdateKernel}. Flop count: {@code n³} (the sweep's rank updates, {@code n³/2} multiply-adds)
 * plus {@code 2·128·n²} for its panels, reported against {@code n³}: GFLOP/s = n³ / (t − copy).
 * The fork's 2 GB heap holds the source and the working copy ({@code 4n²} bytes each) up to n =
 * 10,000; the threads are the available processors ({@code -jvmArgsAppend
 * -XX:ActiveProcessorCount=1} for one core). The auxiliary counters ({@link CpuTime}) give the
 * process CPU time (all threads, JIT and GC included) per call. Run with {@code -prof gc} for the bytes allocated per
 * call. Larger sizes: {@code -p n=20000 -p kernel=vector -jvmArgsAppend -Xmx4g} (a
 * single call: {@code -wi 0 -i 1}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class SymmetricInverseBenchmark {

  /** Matrix order; the default keeps the CI smoke run short (the tuning figures pass {@code -p n=2000,5000}). */
  @Param({"1000"})
  int n;

  @Param({"sweep", "scalar", "vector"})
  String kernel;

  double[][] source;
  double[][] work;
  RankUpdateKernel updateKernel;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(18);
    // Diagonally dominant with a positive diagonal, hence positive definite (Gershgorin).
    source = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] row = new double[i + 1];
      for (int j = 0; j < i; j++) {
        row[j] = rnd.nextDouble() - 0.5;
      }
      row[i] = n;
      source[i] = row;
    }
    work = new double[n][];
    for (int i = 0; i < n; i++) {
      work[i] = new double[i + 1];
    }
    switch (kernel) {
      case "sweep":
        updateKernel = null;
        break;
      case "scalar":
        updateKernel = ScalarRankUpdateKernel.INSTANCE;
        break;
      case "vector":
        updateKernel = RankUpdateKernels.loadVector();
        break;
      default:
        throw new IllegalArgumentException("kernel must be sweep, scalar or vector; got " + kernel);
    }
  }

  /** Copies the input only: subtract from {@code invert} for the inverse alone. */
  @Benchmark
  public double[][] copy(CpuTime cpu) {
    long start = CpuClock.processNanos();
    double[][] a = copy();
    cpu.add(CpuClock.processNanos() - start);
    return a;
  }

  private double[][] copy() {
    for (int i = 0; i < n; i++) {
      System.arraycopy(source[i], 0, work[i], 0, i + 1);
    }
    return work;
  }

  /** Copies the input and inverts it in place. */
  @Benchmark
  public double[][] invert(CpuTime cpu) {
    long start = CpuClock.processNanos();
    double[][] a = copy();
    if (updateKernel == null) {
      SweepInverse.invertInPlace(a, FitListener.NONE, "inverse", 0, 1);
    } else {
      SymmetricInverse.invertInPlace(a, updateKernel, FitListener.NONE, "inverse", 0, 1);
    }
    cpu.add(CpuClock.processNanos() - start);
    return a;
  }
}
