package io.privrec.benchmarks.scoring;

import io.privrec.core.scoring.TopK;
import java.util.Arrays;
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
 * Top-K selection over a dense score array ({@link TopK#select}) against a full sort.
 *
 * <p>The baseline sorts a copy of the scores (values only, no index tracking), a lower bound for
 * any sort-based top-K. Scores are uniform in [0, 1) from a fixed seed, with 1 % set to −∞ (seen
 * items). Expected: TopK grows linearly with {@code size} and barely with {@code k}; the sort as
 * n log n. CI smoke mode runs all six combinations.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class TopKBenchmark {

  @Param({"10000", "100000", "1000000"})
  int size;

  @Param({"10", "100"})
  int k;

  float[] scores;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    scores = new float[size];
    for (int i = 0; i < size; i++) {
      scores[i] = random.nextInt(100) == 0 ? Float.NEGATIVE_INFINITY : (float) random.nextDouble();
    }
  }

  @Benchmark
  public int[] topK() {
    return TopK.select(scores, k);
  }

  /** Sorts a copy and returns the k-th largest score. */
  @Benchmark
  public float fullSortBaseline() {
    float[] copy = scores.clone();
    Arrays.sort(copy);
    return copy[copy.length - k];
  }
}
