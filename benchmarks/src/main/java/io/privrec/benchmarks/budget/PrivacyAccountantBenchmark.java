package io.privrec.benchmarks.budget;

import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.budget.PrivacyCost;
import io.privrec.dp.budget.RenyiDp;
import io.privrec.dp.budget.SpentBudget;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of {@link PrivacyAccountant} allocations (uncontended and with two threads on one
 * accountant) and the cost of converting Rényi-DP curves to ε.
 *
 * <p>Allocations grow the ledger, so each measurement iteration starts from a fresh accountant
 * whose budget is large enough never to run out. {@code kind=PURE} measures the lock and ledger
 * bookkeeping; {@code kind=GAUSSIAN} adds the search over orders that every allocation with Rényi
 * spends performs. Parameter sets are small enough for the CI smoke run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class PrivacyAccountantBenchmark {

  /** One accountant shared by all benchmark threads. */
  @State(Scope.Benchmark)
  public static class SharedAccountant {
    @Param({"PURE", "GAUSSIAN"})
    public String kind;

    public PrivacyAccountant accountant;
    public PrivacyCost cost;

    @Setup(Level.Iteration)
    public void setUp() {
      accountant = PrivacyAccountant.create(PrivacyBudget.of(1e12, 1e-6));
      cost = kind.equals("PURE") ? PrivacyCost.pureDp(1e-6) : PrivacyCost.gaussian(1e4);
    }
  }

  /** Inputs of the ε conversions, read from non-final fields so they are not constant-folded. */
  @State(Scope.Thread)
  public static class Conversion {
    public double noiseMultiplier = 4.530877117;
    public double samplingProbability = 0.01;
    public double subsampledNoiseMultiplier = 1.1;
    public int steps = 1000;
    public double delta = 1e-6;
    public PrivacyAccountant empty;

    @Setup(Level.Trial)
    public void setUp() {
      empty = PrivacyAccountant.create(PrivacyBudget.of(100, 1e-5));
    }
  }

  /** Allocation by a single thread. */
  @Benchmark
  @Threads(1)
  public Object allocateUncontended(SharedAccountant s) {
    return s.accountant.allocate("release", s.cost);
  }

  /** Allocation by two threads contending for one accountant (ops/s summed over threads). */
  @Benchmark
  @Threads(2)
  public Object allocateTwoThreads(SharedAccountant s) {
    return s.accountant.allocate("release", s.cost);
  }

  /** A ledger already holding 1000 spends of the benchmarked kind. */
  @State(Scope.Thread)
  public static class FilledLedger {
    @Param({"PURE", "GAUSSIAN"})
    public String kind;

    public PrivacyAccountant accountant;

    @Setup(Level.Trial)
    public void setUp() {
      accountant = PrivacyAccountant.create(PrivacyBudget.of(1e12, 1e-6));
      PrivacyCost cost = kind.equals("PURE") ? PrivacyCost.pureDp(1e-6) : PrivacyCost.gaussian(1e4);
      for (int i = 0; i < 1000; i++) {
        accountant.allocate("setup", cost);
      }
    }
  }

  /**
   * Baseline: computing the spent budget of a filled ledger, the composition work each allocation
   * does, without the copy, the lock hand-off and the ledger entry.
   */
  @Benchmark
  @Threads(1)
  public SpentBudget spentBaseline(FilledLedger s) {
    return s.accountant.spent();
  }

  /** ε of one Gaussian release by the optimised Rényi conversion (closed-form curve). */
  @Benchmark
  public double rdpEpsilonGaussian(Conversion c) {
    return RenyiDp.epsilon(order -> RenyiDp.gaussian(c.noiseMultiplier, order), c.delta);
  }

  /**
   * ε check of a fresh DP-SGD cost (q = 0.01, σ = 1.1, 1000 steps): evaluates the subsampled
   * Gaussian curve at every grid order up to 1024 plus the refinement, as the accountant does.
   */
  @Benchmark
  public boolean rdpEpsilonSubsampledGaussian(Conversion c) {
    PrivacyCost cost =
        PrivacyCost.subsampledGaussian(c.samplingProbability, c.subsampledNoiseMultiplier, c.steps);
    return c.empty.canAllocate(cost);
  }
}
