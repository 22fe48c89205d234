package io.privrec.benchmarks.privacy;

import io.privrec.core.privacy.Pseudonymizer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** HMAC-SHA-256 pseudonyms per second for typical customer ids. */
@Fork(1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class PseudonymizerBenchmark {
  Pseudonymizer pseudonymizer;
  String[] ids;
  int next;

  @Setup
  public void setUp() {
    pseudonymizer = ConsentRegisterBenchmark.pseudonymizer();
    ids = new String[1024];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "customer-" + (1_000_000 + i * 7919);
    }
  }

  @Benchmark
  public String pseudonymize() {
    return pseudonymizer.pseudonymize(ids[next++ & (ids.length - 1)]);
  }
}
