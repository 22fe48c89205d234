package io.privrec.benchmarks.noise;

import io.privrec.dp.noise.DiscreteGaussianSampler;
import io.privrec.dp.noise.DiscreteLaplaceSampler;
import io.privrec.dp.noise.GaussianNoise;
import io.privrec.dp.noise.LaplaceNoise;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Samples per second of each exact sampler and snapped mechanism, for both secure sources and
 * scales 1, 100 and 10^6 (sigma for the Gaussians, scale b for the Laplaces). {@code
 * discreteGaussianBulk} fills an array of {@value #BLOCK} samples per call and reports samples per
 * second (the path of count-array noise).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar NoiseSamplerBenchmark -f 1 -wi 2 -i 3
 * -w 1s -r 1s}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Thread)
public class NoiseSamplerBenchmark {

  /** Samples per call of {@link #discreteGaussianBulk()}. */
  public static final int BLOCK = 1024;

  @Param({"secure", "fastSecure"})
  public String source;

  @Param({"1", "100", "1000000"})
  public double scale;

  private RandomSource random;
  private DiscreteGaussianSampler discreteGaussian;
  private DiscreteLaplaceSampler discreteLaplace;
  private LaplaceNoise laplace;
  private GaussianNoise gaussian;
  private double gaussianEpsilon;
  private double laplaceEpsilon;
  private double x;
  private long[] block;

  @Setup
  public void setUp() {
    random = "secure".equals(source) ? RandomSources.secure() : RandomSources.fastSecure();
    discreteGaussian = DiscreteGaussianSampler.ofSigma(scale);
    discreteLaplace = DiscreteLaplaceSampler.ofScale(scale);
    laplace = LaplaceNoise.create(random);
    gaussian = GaussianNoise.create(random);
    laplaceEpsilon = 1 / scale;
    // Analytic sigma is ~3.73 per unit sensitivity at (1, 1e-5): pick epsilon so sigma ~ scale.
    gaussianEpsilon = 1.0;
    x = 42.125;
    block = new long[BLOCK];
  }

  @Benchmark
  public long discreteGaussian() {
    return discreteGaussian.sample(random);
  }

  @Benchmark
  @OperationsPerInvocation(BLOCK)
  public long[] discreteGaussianBulk() {
    discreteGaussian.sample(random, block);
    return block;
  }

  @Benchmark
  public long discreteLaplace() {
    return discreteLaplace.sample(random);
  }

  @Benchmark
  public double laplaceNoise() {
    return laplace.addNoise(x, 1, 1.0, laplaceEpsilon, 0);
  }

  @Benchmark
  public double gaussianNoise() {
    return gaussian.addNoise(x, 1, scale / 3.7306316, gaussianEpsilon, 1e-5);
  }
}
