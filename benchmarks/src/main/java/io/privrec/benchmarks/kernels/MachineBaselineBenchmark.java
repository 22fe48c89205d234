package io.privrec.benchmarks.kernels;

import io.privrec.core.scoring.internal.FloatKernels;
import io.privrec.core.scoring.internal.FloatKernelsProvider;
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
 * This machine's limits, to judge the kernels against: memory bandwidth (sum of an int array and
 * a copy of a float array, both much larger than the caches) and single-core arithmetic
 * throughput (a 64 × 64 float matrix-vector product resident in L1, with the kernels in use).
 *
 * <p>Conversions: {@code sumInts} reads {@code megabytes}·2²⁰ bytes (GB/s = bytes / time);
 * {@code copyFloats} moves twice that (read + write); {@code l1Gemv64} does 64 × 64
 * multiply-adds (GFLOP/s = 8192 / ns). CI runs the defaults; compare kernels with {@code
 * -jvmArgsAppend -Dprivrec.kernels=scalar}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class MachineBaselineBenchmark {

  @Param({"64"})
  int megabytes;

  int[] ints;
  float[] floats;
  float[] floatsCopy;
  float[] l1Matrix;
  float[] l1Vector;
  float[] l1Out;
  FloatKernels kernels;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(42);
    int n = megabytes * (1 << 20) / 4;
    ints = new int[n];
    floats = new float[n];
    floatsCopy = new float[n];
    for (int i = 0; i < n; i++) {
      ints[i] = rnd.nextInt(1000);
      floats[i] = (float) rnd.nextDouble();
    }
    l1Matrix = new float[64 * 64];
    l1Vector = new float[64];
    l1Out = new float[64];
    for (int i = 0; i < l1Matrix.length; i++) {
      l1Matrix[i] = (float) rnd.nextDouble();
    }
    for (int i = 0; i < 64; i++) {
      l1Vector[i] = (float) rnd.nextDouble();
    }
    kernels = FloatKernelsProvider.kernels();
  }

  /** Streams {@code megabytes} MB through one core (C2 vectorises int sums). */
  @Benchmark
  public long sumInts() {
    long s = 0;
    for (int v : ints) {
      s += v;
    }
    return s;
  }

  /** Copies {@code megabytes} MB (reads and writes that much). */
  @Benchmark
  public float[] copyFloats() {
    System.arraycopy(floats, 0, floatsCopy, 0, floats.length);
    return floatsCopy;
  }

  /** 4,096 multiply-adds on L1-resident data: the practical arithmetic peak of the kernels. */
  @Benchmark
  public float[] l1Gemv64() {
    kernels.gemv(l1Matrix, 64, 64, l1Vector, 0, l1Out, 0);
    return l1Out;
  }
}
