package io.privrec.benchmarks.privacy;

import io.privrec.core.privacy.ConsentRegister;
import io.privrec.core.privacy.Pseudonymizer;
import io.privrec.core.privacy.PseudonymKey;
import io.privrec.core.privacy.Purpose;
import io.privrec.core.privacy.Regime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Consent register throughput: lookups ({@code isAllowed}) and acknowledged changes.
 *
 * <p>{@code lookupKnown}: a customer with decisions. {@code lookupUnknown}: a customer never seen,
 * under {@link Regime#OPT_OUT} with erasures on record, so each lookup also computes an HMAC to rule
 * out an erased customer (the slowest lookup path). {@code appendInMemory} is the baseline for
 * {@code appendDurable}, which forces each change to the device (fsync-bound: its throughput is the
 * storage device's, not the code's).
 */
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ConsentRegisterBenchmark {

  static Pseudonymizer pseudonymizer() {
    byte[] secret = new byte[32];
    new SplittableRandom(42).nextBytes(secret);
    return Pseudonymizer.of(PseudonymKey.of("bench", secret));
  }

  /** An in-memory register with {@code customers} customers, each with one decision per purpose. */
  @State(Scope.Benchmark)
  public static class Lookups {
    @Param({"10000", "200000"})
    public int customers;

    ConsentRegister register;
    String[] known;
    String[] unknown;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      register = ConsentRegister.builder().regime(Regime.OPT_OUT).pseudonymizer(pseudonymizer()).build();
      SplittableRandom random = new SplittableRandom(7);
      known = new String[customers];
      for (int c = 0; c < customers; c++) {
        known[c] = "customer-" + c;
        for (Purpose p : Purpose.values()) {
          if (random.nextBoolean()) {
            register.grant(known[c], p, "bench");
          } else {
            register.withdraw(known[c], p, "bench");
          }
        }
      }
      for (int c = 0; c < 10; c++) {
        register.grant("erased-" + c, Purpose.PERSONALISATION, "bench");
        register.erase("erased-" + c, "bench");
      }
      unknown = new String[1024];
      for (int i = 0; i < unknown.length; i++) {
        unknown[i] = "visitor-" + i;
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      register.close();
    }
  }

  @Benchmark
  public boolean lookupKnown(Lookups s) {
    int i = (s.next++ & Integer.MAX_VALUE) % s.known.length;
    return s.register.isAllowed(s.known[i], Purpose.MODEL_TRAINING);
  }

  @Benchmark
  public boolean lookupUnknown(Lookups s) {
    int i = s.next++ & (s.unknown.length - 1);
    return s.register.isAllowed(s.unknown[i], Purpose.MODEL_TRAINING);
  }

  /** A fresh register for appends, durable in a temporary directory or in memory. */
  @State(Scope.Benchmark)
  public static class Appends {
    @Param({"durable", "memory"})
    public String storage;

    ConsentRegister register;
    Path directory;
    long next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      ConsentRegister.Builder builder = ConsentRegister.builder().pseudonymizer(pseudonymizer()).compactAfter(50_000);
      if (storage.equals("durable")) {
        directory = Files.createTempDirectory("privrec-consent-bench");
        builder.storage(directory);
      }
      register = builder.build();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      register.close();
      if (directory != null) {
        try (Stream<Path> files = Files.walk(directory)) {
          for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
            Files.delete(p);
          }
        }
      }
    }
  }

  @Benchmark
  public long append(Appends s) {
    long n = s.next++;
    String customer = "customer-" + (n % 100_000);
    return (n & 1) == 0
        ? s.register.grant(customer, Purpose.PERSONALISATION, "bench").sequence()
        : s.register.withdraw(customer, Purpose.PERSONALISATION, "bench").sequence();
  }
}
