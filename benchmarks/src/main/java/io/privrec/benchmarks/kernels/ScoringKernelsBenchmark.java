package io.privrec.benchmarks.kernels;

import io.privrec.core.scoring.ScoringKernels;
import io.privrec.core.scoring.internal.FloatKernels;
import io.privrec.core.scoring.internal.FloatKernelsProvider;
import io.privrec.core.scoring.internal.ScalarFloatKernels;
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
 * The scoring kernels of {@link ScoringKernels} on a factor model: one user against every item
 * ({@code scoreAll}) versus a plain nested loop, a full recommendation (score, exclude 50 seen
 * items, top 10) as a latency distribution, batch scoring of 256 users, and the sparse
 * accumulation used by neighbourhood models (50 neighbour lists of 200 entries).
 *
 * <p>Useful figures: dense scoring does {@code items × factors} multiply-adds (GFLOP/s = 2 ×
 * items × factors / time); batch throughput is 256 users per operation (GFLOP/s = 2 × 256 × items
 * × factors / time). The fork adds the Vector API module; compare with {@code -jvmArgsAppend
 * -Dprivrec.kernels=scalar}. CI runs the small default; the full run is
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ScoringKernelsBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s \
 *     -p items=5000,100000
 * </pre>
 *
 * <p>{@code scoreBatch256Packed} and {@code scoreBatch256Reference} put the batch kernel ({@code
 * FloatKernels.scoreBatch}, packed and register-blocked) beside the previous one ({@code
 * gemmNt}, four rows per pass over a query), on both implementations whatever the JVM's default
 * ({@code implementation=vector,scalar}), with the thread's CPU time per call ({@link CpuTime});
 * {@code scoreBatch256}, the public entry point whose score the performance page reads, reports
 * its CPU time the same way. Against the FMA peak of the same run:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar \
 *     '\.(ScoringKernelsBenchmark\.scoreBatch256(Packed|Reference)?|FmaPeakBenchmark\.fmaChains)$' \
 *     -f 1 -wi 2 -i 3 -w 1s -r 1s -p items=100000 -p factors=64
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class ScoringKernelsBenchmark {
  private static final int BATCH = 256;

  @Param({"5000"})
  int items;

  @Param({"64"})
  int factors;

  float[] itemFactors;
  float[] user;
  float[] users;
  int[] seen;
  float[] scores;
  float[] batchScores;
  int[] neighbours;
  float[] similarities;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(42);
    itemFactors = random(rnd, items * factors);
    user = random(rnd, factors);
    users = random(rnd, BATCH * factors);
    seen = new int[50];
    for (int j = 0; j < seen.length; j++) {
      seen[j] = rnd.nextInt(items);
    }
    scores = new float[items];
    batchScores = new float[BATCH * items];
    neighbours = new int[50 * 200];
    similarities = random(rnd, neighbours.length);
    for (int p = 0; p < neighbours.length; p++) {
      neighbours[p] = rnd.nextInt(items);
    }
  }

  private static float[] random(SplittableRandom rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (2 * rnd.nextDouble() - 1);
    }
    return a;
  }

  @Benchmark
  public float[] scoreAll() {
    ScoringKernels.scoreAll(itemFactors, user, scores);
    return scores;
  }

  /** Baseline: the obvious nested loop with one accumulator. */
  @Benchmark
  public float[] plainLoop() {
    float[] m = itemFactors;
    float[] x = user;
    int f = factors;
    for (int i = 0; i < items; i++) {
      float s = 0;
      for (int d = 0; d < f; d++) {
        s += m[i * f + d] * x[d];
      }
      scores[i] = s;
    }
    return scores;
  }

  /** One recommendation: score every item, exclude 50 seen items, select the top 10. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public int[] recommendTop10() {
    ScoringKernels.scoreAll(itemFactors, user, scores);
    return ScoringKernels.topK(scores, 10, seen);
  }

  /**
   * 256 users at once (blocked product), with the thread's CPU time per call ({@link CpuTime}),
   * which a shared machine inflates far less than the wall time this benchmark's score is.
   */
  @Benchmark
  public float[] scoreBatch256(CpuTime cpu) {
    return timed(cpu, () -> ScoringKernels.scoreBatch(itemFactors, users, factors, batchScores));
  }

  /** The batch kernels of one implementation, whatever the JVM's default. */
  @State(Scope.Benchmark)
  public static class BatchKernels {
    /** {@code vector} (the Vector API implementation; needs the fork's module) or {@code scalar}. */
    @Param({"vector", "scalar"})
    String implementation;

    FloatKernels kernels;

    @Setup(Level.Trial)
    public void load() {
      kernels = implementation.equals("scalar") ? ScalarFloatKernels.INSTANCE : FloatKernelsProvider.loadVector();
    }
  }

  /** 256 users at once with {@code FloatKernels.scoreBatch} (packed panels, register tiles). */
  @Benchmark
  public float[] scoreBatch256Packed(BatchKernels batch, CpuTime cpu) {
    return timed(cpu, () -> batch.kernels.scoreBatch(itemFactors, items, factors, users, BATCH, batchScores));
  }

  /** 256 users at once with the previous batch kernel, {@code FloatKernels.gemmNt} (row blocks, four rows per pass). */
  @Benchmark
  public float[] scoreBatch256Reference(BatchKernels batch, CpuTime cpu) {
    return timed(cpu, () -> batch.kernels.gemmNt(itemFactors, items, factors, users, BATCH, batchScores));
  }

  /** Runs one batch scoring into {@code batchScores} and reports its thread CPU time. */
  private float[] timed(CpuTime cpu, Runnable scoring) {
    long t0 = CpuClock.threadNanos();
    scoring.run();
    cpu.add(CpuClock.threadNanos() - t0);
    return batchScores;
  }

  /** Neighbourhood scoring: 50 sparse neighbour lists of 200 entries into a dense array. */
  @Benchmark
  public float[] addSparseRows50x200() {
    java.util.Arrays.fill(scores, 0f);
    for (int j = 0; j < 50; j++) {
      ScoringKernels.addSparseRow(neighbours, similarities, j * 200, (j + 1) * 200, 1f, scores);
    }
    return scores;
  }
}
