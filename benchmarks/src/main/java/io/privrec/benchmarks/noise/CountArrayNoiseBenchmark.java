package io.privrec.benchmarks.noise;

import io.privrec.dp.noise.DiscreteGaussianNoise;
import io.privrec.dp.noise.DiscreteLaplaceNoise;
import io.privrec.dp.noise.Noise;
import io.privrec.dp.random.RandomSources;
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
 * Time to noise a whole count array in place (e.g. an item co-occurrence matrix flattened to
 * {@code long[]}), with the fast secure source.
 *
 * <p>The default size (10^6) keeps CI smoke runs short; for the 10^8-entry figure run {@code java
 * -Xmx2g -jar benchmarks/target/benchmarks.jar CountArrayNoiseBenchmark -p size=100000000 -f 1 -wi 1
 * -i 1 -jvmArgsAppend -Xmx2g}. Noise accumulates across invocations, which does not change the
 * cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Thread)
public class CountArrayNoiseBenchmark {

  @Param({"1000000"})
  public int size;

  @Param({"discreteLaplace", "discreteGaussian"})
  public String mechanism;

  private long[] counts;
  private Noise noise;
  private double delta;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom data = new SplittableRandom(20_260_101L);
    counts = new long[size];
    for (int i = 0; i < size; i++) {
      counts[i] = data.nextInt(1000);
    }
    if ("discreteLaplace".equals(mechanism)) {
      noise = DiscreteLaplaceNoise.create(RandomSources.fastSecure());
      delta = 0;
    } else {
      noise = DiscreteGaussianNoise.create(RandomSources.fastSecure());
      delta = 1e-6;
    }
  }

  @Benchmark
  public long[] noiseCountsInPlace() {
    // L1 (Laplace) or L2 (Gaussian) sensitivity 1: one user changes one count by one.
    noise.addNoiseInPlace(counts, 1.0, 1.0, delta);
    return counts;
  }
}
