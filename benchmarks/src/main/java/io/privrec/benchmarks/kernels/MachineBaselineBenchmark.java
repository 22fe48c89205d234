package io.privrec.benchmarks.kernels;

import io.privrec.core.scoring.internal.FloatKernels;
import io.privrec.core.scoring.internal.FloatKernelsProvider;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * This machine's limits, to judge the kernels against: memory bandwidth (sum of an int array and
 * a copy of a float array, both much larger than the caches), single-core arithmetic throughput
 * of the scoring kernels (a 64 × 64 float matrix-vector product resident in L1, with the kernels
 * in use) and the double-precision FMA peak (independent fused multiply-add chains on registers,
 * on one thread and on two).
 *
 * <p>Conversions: {@code sumInts} reads {@code megabytes}·2²⁰ bytes (GB/s = bytes / time);
 * {@code copyFloats} moves twice that (read + write); {@code l1Gemv64} does 64 × 64
 * multiply-adds (GFLOP/s = 8192 / ns). {@code fmaPeak} and {@code fmaPeak2Threads} each do
 * {@value #FMA_ITERATIONS} × {@value #FMA_CHAINS} vector FMAs per call and thread, that is {@code
 * 2·lanes·}{@value #FMA_ITERATIONS}{@code ·}{@value #FMA_CHAINS} flops (lanes = 4 doubles on AVX2,
 * printed by {@link #fmaLanes}); with the average time per call t (ns), GFLOP/s per thread = flops
 * / t, and the machine's peak with two threads is twice that of {@code fmaPeak2Threads}. The
 * {@value #FMA_CHAINS} chains cover FMA latency × throughput (4 cycles × 2 units on current x86
 * cores) with room to spare. Their {@link CpuTime} counters give the thread CPU time per call, the
 * peak per CPU-second to compare CPU-time rates with on a shared machine. CI runs the defaults; compare kernels with {@code -jvmArgsAppend
 * -Dprivrec.kernels=scalar}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class MachineBaselineBenchmark {

  /** Vector FMAs per chain and call of the FMA peak. */
  static final int FMA_ITERATIONS = 1 << 16;
  /** Independent accumulator chains of the FMA peak. */
  static final int FMA_CHAINS = 12;
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

  @Param({"64"})
  int megabytes;

  double fmaScale = 0.999999;
  double fmaShift = 1e-9;

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

  /** Double lanes per vector of the FMA peak (for the flop count). */
  public static int fmaLanes() {
    return SPECIES.length();
  }

  /** The double-precision FMA peak of one core: see the class comment for the flop count. */
  @Benchmark
  public double fmaPeak(CpuTime cpu) {
    long start = CpuClock.threadNanos();
    double r = fmaChains(fmaScale, fmaShift);
    cpu.add(CpuClock.threadNanos() - start);
    return r;
  }

  /** The FMA peak on two threads at once (per-thread time: halve it for the machine's rate). */
  @Benchmark
  @Threads(2)
  public double fmaPeak2Threads(CpuTime cpu) {
    long start = CpuClock.threadNanos();
    double r = fmaChains(fmaScale, fmaShift);
    cpu.add(CpuClock.threadNanos() - start);
    return r;
  }

  private static double fmaChains(double scale, double shift) {
    DoubleVector x = DoubleVector.broadcast(SPECIES, scale);
    DoubleVector a0 = DoubleVector.broadcast(SPECIES, shift);
    DoubleVector a1 = a0.add(1);
    DoubleVector a2 = a0.add(2);
    DoubleVector a3 = a0.add(3);
    DoubleVector a4 = a0.add(4);
    DoubleVector a5 = a0.add(5);
    DoubleVector a6 = a0.add(6);
    DoubleVector a7 = a0.add(7);
    DoubleVector a8 = a0.add(8);
    DoubleVector a9 = a0.add(9);
    DoubleVector a10 = a0.add(10);
    DoubleVector a11 = a0.add(11);
    DoubleVector y = DoubleVector.broadcast(SPECIES, shift);
    // Twelve named accumulators, not an array: each must live in its own register for the chains
    // to be independent.
    for (int k = 0; k < FMA_ITERATIONS; k++) {
      a0 = a0.fma(x, y);
      a1 = a1.fma(x, y);
      a2 = a2.fma(x, y);
      a3 = a3.fma(x, y);
      a4 = a4.fma(x, y);
      a5 = a5.fma(x, y);
      a6 = a6.fma(x, y);
      a7 = a7.fma(x, y);
      a8 = a8.fma(x, y);
      a9 = a9.fma(x, y);
      a10 = a10.fma(x, y);
      a11 = a11.fma(x, y);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
        .reduceLanes(VectorOperators.ADD);
  }
}
