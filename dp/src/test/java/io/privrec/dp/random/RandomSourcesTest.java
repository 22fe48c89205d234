package io.privrec.dp.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RandomSourcesTest {

  @Test
  void insecureReproducibleForTesting_sameSeed_sameSequence() {
    RandomSource a = RandomSources.insecureReproducibleForTesting(42);
    RandomSource b = RandomSources.insecureReproducibleForTesting(42);

    assertThat(take(a, 100)).containsExactly(take(b, 100));
  }

  @Test
  void insecureReproducibleForTesting_differentSeeds_differentSequences() {
    long[] a = take(RandomSources.insecureReproducibleForTesting(1), 8);
    long[] b = take(RandomSources.insecureReproducibleForTesting(2), 8);

    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void secure_twoDraws_notReproducible() {
    // Two 512-bit draws collide with probability 2^-512 if the source is random.
    assertThat(take(RandomSources.secure(), 8)).isNotEqualTo(take(RandomSources.secure(), 8));
  }

  @Test
  void fastSecure_twoThreads_drawIndependentStreams() throws Exception {
    RandomSource source = RandomSources.fastSecure();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<long[]> first = pool.submit(() -> take(source, 8));
      long[] a = first.get();
      Future<long[]> second = pool.submit(() -> {
        Thread.yield();
        return take(source, 8);
      });
      long[] b = second.get();
      assertThat(a).isNotEqualTo(b);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void fastSecure_concurrentUse_noRepeatedValues() throws InterruptedException, ExecutionException {
    RandomSource source = RandomSources.fastSecure();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<long[]> a = pool.submit(() -> take(source, 10_000));
      Future<long[]> b = pool.submit(() -> take(source, 10_000));
      Set<Long> seen = new HashSet<>();
      for (long v : a.get()) {
        seen.add(v);
      }
      for (long v : b.get()) {
        seen.add(v);
      }
      // 20000 uniform 64-bit values repeat with probability < 2^-34.
      assertThat(seen).hasSize(20_000);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void nextLongBound_zero_throwsNamingBound() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RandomSources.secure().nextLong(0))
        .withMessageContaining("bound");
  }

  @Test
  void nextLongBound_manyDraws_stayInRange() {
    RandomSource source = RandomSources.insecureReproducibleForTesting(7);
    for (int i = 0; i < 10_000; i++) {
      assertThat(source.nextLong(1000)).isBetween(0L, 999L);
    }
  }

  private static long[] take(RandomSource source, int n) {
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = source.nextLong();
    }
    return values;
  }
}
