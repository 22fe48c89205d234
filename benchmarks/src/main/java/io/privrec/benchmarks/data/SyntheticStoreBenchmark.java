package io.privrec.benchmarks.data;

import io.privrec.core.data.EventWeights;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.store.SyntheticStore;
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
 * Cost of the synthetic fashion store: building customers and garments, streaming the events, and
 * building the interaction matrix. Default CI sizes take about a second per invocation; for the
 * 10^8-event scale run pass {@code -p events=100000000 -bm ss -jvmArgs -Xmx16g}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
@State(Scope.Benchmark)
public class SyntheticStoreBenchmark {

  @Param({"50000"})
  public int customers;

  @Param({"5000"})
  public int garments;

  @Param({"100000", "1000000"})
  public long events;

  private SyntheticStore store;

  @Setup(Level.Trial)
  public void setUp() {
    store = SyntheticStore.builder().seed(42).customers(customers).garments(garments).events(events).build();
  }

  /** Customers, garments and samplers only (no events). */
  @Benchmark
  public SyntheticStore build() {
    return SyntheticStore.builder().seed(42).customers(customers).garments(garments).events(events).build();
  }

  /** Streams every event into a cheap checksum (constant memory). */
  @Benchmark
  public long streamEvents() {
    long[] sum = {0};
    store.forEachEvent((c, g, kind, t) -> sum[0] += c + g + t);
    return sum[0];
  }

  /** Builds the default-weighted, SUM-combined interaction matrix from scratch. */
  @Benchmark
  public InteractionMatrix interactions() {
    return store.interactions(EventWeights.DEFAULT);
  }

  /** Baseline: creating the store plus streaming, i.e. the full cost of generating the data. */
  @Benchmark
  public long buildAndStream() {
    SyntheticStore fresh =
        SyntheticStore.builder().seed(42).customers(customers).garments(garments).events(events).build();
    long[] n = {0};
    fresh.forEachEvent((c, g, kind, t) -> n[0]++);
    return n[0];
  }
}
