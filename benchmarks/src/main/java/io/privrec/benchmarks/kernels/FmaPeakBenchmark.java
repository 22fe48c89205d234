package io.privrec.benchmarks.kernels;

import io.privrec.benchmarks.BenchNotes;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * This machine's single-core fused multiply-add peak as the JVM reaches it: {@value #CHAINS}
 * independent chains of vector FMAs on registers (the platform's preferred float vector, 8 lanes
 * with AVX2), with no memory traffic in the loop. Enough independent chains hide the FMA latency
 * (4–5 cycles) on both FMA ports, so the time per operation is the FMA throughput.
 *
 * <p>Conversion: one operation is {@value #STEPS} × {@value #CHAINS} vector FMAs of {@code lanes}
 * lanes, each 2 floating-point operations: GFLOP/s = 2 × {@value #STEPS} × {@value #CHAINS} ×
 * lanes / ns (lanes recorded by {@link #recordLanes()}, 8 for 256-bit vectors). The values converge to a
 * fixed point (x ↦ 0.5·x + 0.25), so no denormals or overflow slow the loop. The kernels of {@code
 * MachineBaselineBenchmark.l1Gemv64} are judged against this figure.
 *
 * <p>{@code fmaDouble} and {@code fmaDouble2Threads} are the double-precision peak (the dense EASE
 * inverse's arithmetic) on one thread and on two at once, with the same loop on the preferred
 * double vector ({@link #doubleLanes()}, 4 lanes with AVX2) and {@value #DOUBLE_STEPS} steps per
 * chain: GFLOP/s per thread = 2 × {@value #DOUBLE_STEPS} × {@value #CHAINS} × lanes / ns, and the machine's two-thread peak is twice that of
 * {@code fmaDouble2Threads}. Their {@link CpuTime} counters give the running thread's CPU time per
 * call, hence the peak per CPU-second, which the sharing of a machine inflates far less than
 * wall time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms256m", "-Xmx256m", "--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class FmaPeakBenchmark {
  /** Independent accumulation chains (vector registers): 2 ports × 5 cycles latency. */
  public static final int CHAINS = 10;
  /** FMA steps per chain and operation. */
  public static final int STEPS = 1024;
  /**
   * FMA steps per chain and call of the double-precision peak: long enough that reading the
   * thread's CPU clock around each call (about a microsecond) is negligible.
   */
  public static final int DOUBLE_STEPS = 1 << 16;

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;

  // Non-final fields so that the compiler cannot fold the loop (JMH sample 10).
  float multiplier = 0.5f;
  float addend = 0.25f;
  float start = 1f;

  /** Lanes of the preferred float vector (8 with AVX2, 16 with AVX-512). */
  public static int lanes() {
    return SPECIES.length();
  }

  /** Lanes of the preferred double vector (4 with AVX2, 8 with AVX-512). */
  public static int doubleLanes() {
    return DOUBLES.length();
  }

  /** Records the lane counts as the notes {@code fma.lanes} and {@code fma.doubleLanes} ({@link BenchNotes}). */
  @Setup(Level.Trial)
  public void recordLanes() {
    BenchNotes.record("fma.lanes", String.valueOf(lanes()));
    BenchNotes.record("fma.doubleLanes", String.valueOf(doubleLanes()));
  }

  /** {@value #STEPS} × {@value #CHAINS} vector FMAs. */
  @Benchmark
  public float fmaChains() {
    FloatVector m = FloatVector.broadcast(SPECIES, multiplier);
    FloatVector c = FloatVector.broadcast(SPECIES, addend);
    FloatVector a0 = FloatVector.broadcast(SPECIES, start);
    FloatVector a1 = a0.add(c);
    FloatVector a2 = a1.add(c);
    FloatVector a3 = a2.add(c);
    FloatVector a4 = a3.add(c);
    FloatVector a5 = a4.add(c);
    FloatVector a6 = a5.add(c);
    FloatVector a7 = a6.add(c);
    FloatVector a8 = a7.add(c);
    FloatVector a9 = a8.add(c);
    for (int s = 0; s < STEPS; s++) {
      a0 = a0.fma(m, c);
      a1 = a1.fma(m, c);
      a2 = a2.fma(m, c);
      a3 = a3.fma(m, c);
      a4 = a4.fma(m, c);
      a5 = a5.fma(m, c);
      a6 = a6.fma(m, c);
      a7 = a7.fma(m, c);
      a8 = a8.fma(m, c);
      a9 = a9.fma(m, c);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9)
        .reduceLanes(VectorOperators.ADD);
  }

  /** The double-precision peak of one thread: {@value #DOUBLE_STEPS} × {@value #CHAINS} vector FMAs. */
  @Benchmark
  public double fmaDouble(CpuTime cpu) {
    long t0 = CpuClock.threadNanos();
    double r = doubleChains(multiplier, addend, start);
    cpu.add(CpuClock.threadNanos() - t0);
    return r;
  }

  /** The same on two threads at once (per-thread time: the machine does twice the work). */
  @Benchmark
  @Threads(2)
  public double fmaDouble2Threads(CpuTime cpu) {
    long t0 = CpuClock.threadNanos();
    double r = doubleChains(multiplier, addend, start);
    cpu.add(CpuClock.threadNanos() - t0);
    return r;
  }

  private static double doubleChains(double multiplier, double addend, double start) {
    DoubleVector m = DoubleVector.broadcast(DOUBLES, multiplier);
    DoubleVector c = DoubleVector.broadcast(DOUBLES, addend);
    DoubleVector a0 = DoubleVector.broadcast(DOUBLES, start);
    DoubleVector a1 = a0.add(c);
    DoubleVector a2 = a1.add(c);
    DoubleVector a3 = a2.add(c);
    DoubleVector a4 = a3.add(c);
    DoubleVector a5 = a4.add(c);
    DoubleVector a6 = a5.add(c);
    DoubleVector a7 = a6.add(c);
    DoubleVector a8 = a7.add(c);
    DoubleVector a9 = a8.add(c);
    // Named accumulators, not an array: each stays in its own register, so the chains are
    // independent (the float loop above has the same shape for the same reason).
    for (int s = 0; s < DOUBLE_STEPS; s++) {
      a0 = a0.fma(m, c);
      a1 = a1.fma(m, c);
      a2 = a2.fma(m, c);
      a3 = a3.fma(m, c);
      a4 = a4.fma(m, c);
      a5 = a5.fma(m, c);
      a6 = a6.fma(m, c);
      a7 = a7.fma(m, c);
      a8 = a8.fma(m, c);
      a9 = a9.fma(m, c);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9)
        .reduceLanes(VectorOperators.ADD);
  }
}
