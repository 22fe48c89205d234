package io.privrec.benchmarks.cf;

import io.privrec.benchmarks.kernels.CpuClock;
import io.privrec.benchmarks.kernels.CpuTime;
import io.privrec.core.cf.Ease;
import io.privrec.core.cf.EaseModel;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * EASE with default parameters: fit time (Gram matrix, n³ inverse, weights) and one user's top-10.
 * Stores as in {@link ItemKnnBenchmark}. The default {@code @Param} is the ML-100K-shaped store
 * only, to keep CI smoke runs short; the 5,000-item store (a fit takes seconds on two cores) runs
 * with {@code -p data=store-5k}, the 20,000-item store (EASE's default {@code max-items}; minutes
 * per fit) with {@code -p data=store-20k -bm ss -wi 0 -i 1 -to 40m -jvmArgsAppend -Xmx3400m}: a fit
 * needs {@code 8n²} bytes (3,052 MiB) plus one block's panels of the inverse besides the data, and
 * that heap leaves 348 MiB for those and the data. The
 * fork has the Vector API module, as a user's JVM should for EASE (the inverse's kernel: {@link
 * SymmetricInverseBenchmark}). The auxiliary counters ({@link CpuTime}) give {@code fit}'s process
 * CPU time per call. Only {@code recommendOne} fits a model in its set-up, so that {@code fit}
 * runs with nothing but the data on the heap.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g", "--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class EaseBenchmark {

  @Param({"ml100k"})
  String data;

  InteractionMatrix train;
  Ease algorithm;
  EaseModel model;
  float[] scores;
  int next;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    train = ItemKnnBenchmark.store(data);
    algorithm = Ease.create();
    if (params.getBenchmark().endsWith(".recommendOne")) {
      model = algorithm.fit(train, FitListener.NONE);
      scores = new float[train.numItems()];
    }
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public EaseModel fit(CpuTime cpu) {
    long start = CpuClock.processNanos();
    EaseModel fitted = algorithm.fit(train, FitListener.NONE);
    cpu.add(CpuClock.processNanos() - start);
    return fitted;
  }

  @Benchmark
  public int[] recommendOne() {
    int user = next;
    next = next + 1 == train.numUsers() ? 0 : next + 1;
    return ItemKnnBenchmark.recommend(model, train, user, scores);
  }
}
