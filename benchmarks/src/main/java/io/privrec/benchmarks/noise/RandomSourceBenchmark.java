package io.privrec.benchmarks.noise;

import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 64-bit words per second: the {@code SecureRandom.nextLong()} baseline against PrivRec's buffered
 * {@code secure()} source and the ChaCha20 sources (per-thread {@code fastSecure()}, and the bare
 * cipher behind {@code insecureReproducibleForTesting}, i.e. without the thread-local lookup).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Thread)
public class RandomSourceBenchmark {

  private SecureRandom secureRandom;
  private RandomSource secure;
  private RandomSource fastSecure;
  private RandomSource bareChaCha20;

  @Setup
  public void setUp() {
    secureRandom = new SecureRandom();
    secure = RandomSources.secure();
    fastSecure = RandomSources.fastSecure();
    bareChaCha20 = RandomSources.insecureReproducibleForTesting(20_260_101L);
  }

  @Benchmark
  public long baselineSecureRandomNextLong() {
    return secureRandom.nextLong();
  }

  @Benchmark
  public long secureSource() {
    return secure.nextLong();
  }

  @Benchmark
  public long fastSecureChaCha20() {
    return fastSecure.nextLong();
  }

  @Benchmark
  public long bareChaCha20() {
    return bareChaCha20.nextLong();
  }
}
