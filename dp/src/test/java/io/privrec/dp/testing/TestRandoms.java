package io.privrec.dp.testing;

import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;
import java.nio.charset.StandardCharsets;

/**
 * The single entry point for seeded random sources in tests.
 *
 * <p>Each test names itself; the name is hashed (64-bit FNV-1a) into the seed of {@link
 * RandomSources#insecureReproducibleForTesting(long)}, so every test is deterministic, tests do not
 * share streams, and a failure reproduces by re-running the same test.
 */
public final class TestRandoms {

  private TestRandoms() {}

  /** Returns a fresh insecure, reproducible source seeded from {@code testName}. */
  public static RandomSource seeded(String testName) {
    return RandomSources.insecureReproducibleForTesting(seedOf(testName));
  }

  /** Returns the seed {@link #seeded(String)} uses for {@code testName}. */
  public static long seedOf(String testName) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : testName.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xFF;
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
