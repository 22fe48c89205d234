package io.privrec.benchmarks.peers;

import io.privrec.benchmarks.BenchNotes;
import io.privrec.benchmarks.cf.IalsTuning;
import io.privrec.core.cf.Ials;
import io.privrec.core.cf.IalsModel;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.eval.Evaluator;
import io.privrec.core.eval.Split;
import io.privrec.core.model.ItemScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * iALS against Spark MLlib's {@code ALS} (implicit preferences) on MovieLens 100K: the fit time
 * of each, and the Recall@20 of each fitted model on the same split, so that speed is never
 * compared at different quality.
 *
 * <h2>Protocol</h2>
 * The README's accuracy protocol ({@link IalsTuning}): ratings ≥ 4 as binary positives ({@code
 * --min-weight 4}), 20 % of each user's positives held out (seed 42), test items unseen in
 * training dropped. Both models are fitted on the same training part with 64 factors, 15
 * iterations and 2 threads (Spark {@code local[2]}), and both are evaluated by {@link Evaluator}:
 * every customer is scored from her training row by fold-in against the model's item factors.
 * For MLlib the fold-in solves MLlib's own normal equations (below), which is exactly how MLlib
 * computes its final user factors from its final item factors, so the metric is that of MLlib's
 * model.
 *
 * <h2>Parameter mapping</h2>
 * Both models weight an observed cell by the confidence 1 + α·r (r = 1 here) and use α = 10,
 * iALS's default. They differ in the regularisation: MLlib adds {@code regParam}·n to a row with n
 * observed cells, iALS adds λ·(|I| + α·n) to a user row (λ·(|U| + α·n) to an item row; ν = 1).
 * No single {@code regParam} reproduces the constant term, so {@code regParam} = λ·(|U|·|I|/N + α)
 * with N training interactions: the total regularisation over all users, and likewise over all
 * items, is then the same in both models (Σ_u λ·(|I| + α·n_u) = λ·(|U|·|I| + α·N) = regParam·N).
 * λ = 0.03 (iALS's default) gives {@code regParam} ≈ 1.4 on this split. Both start from seed 42;
 * iALS runs its default 3 conjugate-gradient steps per row, MLlib an exact Cholesky solve.
 *
 * <h2>Figures</h2>
 * Single-shot times without warm-up: the first measured fit in each fork is the first fit in a
 * fresh JVM (Spark's session is started in the setup, untimed), the best of the following ones the
 * warm fit. Each fit's Recall@20 is printed after its iteration and recorded as the note {@code
 * <benchmark>.recall@20} ({@link BenchNotes}; the report shows the last).
 *
 * <p>Needs the profile {@code mllib-peer} and the shared data; without MovieLens 100K the setup
 * fails with a message saying so, and JMH goes on with the other benchmarks:
 * <pre>
 * ./mvnw -Pmllib-peer -pl benchmarks -am package -DskipTests
 * java -cp "benchmarks/target/benchmarks.jar:$(cat benchmarks/target/classpath.txt)" org.openjdk.jmh.Main \
 *     MllibAlsBenchmark -jvmArgsAppend -Dprivrec.shared.data=../shared/data
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 4)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g", "--add-modules", "jdk.incubator.vector",
    // ALS's lineage grows with every iteration and fit, and Spark deserialises a task's whole
    // lineage recursively: with the default 1 MB thread stacks the later fits of a fork die with
    // StackOverflowError in their tasks (observed), so the fork's threads get larger stacks.
    "-Xss64m",
    // Spark's module options for Java 17 (spark.java17.options in spark/pom.xml).
    "-XX:+IgnoreUnrecognizedVMOptions",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
    "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
    "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
    "-Djdk.reflect.useDirectMethodHandle=false",
    "-Dio.netty.tryReflectionSetAccessible=true"})
public class MllibAlsBenchmark {
  /** Latent factors of both models. */
  public static final int FACTORS = 64;
  /** Iterations of both models. */
  public static final int ITERATIONS = 15;
  /** Threads of both models (Spark {@code local[2]}). */
  public static final int THREADS = 2;
  /** The list length of the quality check. */
  public static final int CUTOFF = 20;

  /** The MovieLens 100K ratings file under the shared data folder. */
  public static Path dataFile() {
    return Path.of(System.getProperty("privrec.shared.data", "../shared/data"), "ml-100k", "u.data");
  }

  /** The README protocol's split of MovieLens 100K (seed 42), read once per fork. */
  @State(Scope.Benchmark)
  public static class Data {
    Split split;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      Path file = dataFile();
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException("MovieLens 100K not found at " + file.toAbsolutePath()
            + ": MllibAlsBenchmark skipped (set -Dprivrec.shared.data to the folder holding ml-100k/)");
      }
      split = IalsTuning.split(IalsTuning.readPositives(file), 42);
    }
  }

  /** PrivRec's iALS with its defaults (α = 10, λ = 0.03, ν = 1, CG) at 64 factors, 15 iterations. */
  @State(Scope.Benchmark)
  public static class PrivRec {
    Ials ials;
    IalsModel last;

    @Setup(Level.Trial)
    public void setUp() {
      ials = Ials.builder().factors(FACTORS).iterations(ITERATIONS).threads(THREADS).build();
    }

    /** Records the Recall@20 of this iteration's fit (outside the timed region). */
    @TearDown(Level.Iteration)
    public void checkQuality(Data data) {
      if (last != null) {
        report("privrecIalsFit", Evaluator.of(CUTOFF).evaluate(last, data.split).get("recall@" + CUTOFF));
        last = null;
      }
    }
  }

  /** A local Spark session and MLlib's ALS configured by the mapping of the class comment. */
  @State(Scope.Benchmark)
  public static class Mllib {
    SparkSession spark;
    Dataset<Row> ratings;
    ALS als;
    ALSModel last;

    @Setup(Level.Trial)
    public void setUp(Data data) {
      spark = SparkSession.builder().master("local[" + THREADS + "]").appName("mllib-peer")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", String.valueOf(2 * THREADS))
          .getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
      InteractionMatrix train = data.split.train();
      List<Row> rows = new ArrayList<>(train.numInteractions());
      for (int u = 0; u < train.numUsers(); u++) {
        for (int p = train.rowStart(u); p < train.rowEnd(u); p++) {
          rows.add(RowFactory.create(u, train.itemAt(p), train.weightAt(p)));
        }
      }
      StructType schema = new StructType()
          .add("user", DataTypes.IntegerType, false)
          .add("item", DataTypes.IntegerType, false)
          .add("rating", DataTypes.FloatType, false);
      ratings = spark.createDataFrame(rows, schema);
      als = new ALS().setRank(FACTORS).setMaxIter(ITERATIONS).setImplicitPrefs(true)
          .setAlpha(Ials.DEFAULT_ALPHA).setRegParam(regParam(train)).setSeed(42)
          .setUserCol("user").setItemCol("item").setRatingCol("rating");
    }

    /**
     * Records the Recall@20 of this iteration's fit and frees its cached factors, outside the timed
     * region (per iteration, so that the note survives a fork that ends abnormally).
     */
    @TearDown(Level.Iteration)
    public void checkQualityAndRelease(Data data) {
      if (last != null) {
        ItemScorer scorer = MllibFoldIn.of(last, data.split.train(), als.getAlpha(), als.getRegParam());
        report("mllibAlsFit", Evaluator.of(CUTOFF).evaluate(scorer, data.split).get("recall@" + CUTOFF));
        last.userFactors().unpersist(true);
        last.itemFactors().unpersist(true);
        last = null;
      }
    }

    @TearDown(Level.Trial)
    public void stop() {
      spark.stop();
    }
  }

  /**
   * MLlib's {@code regParam} matching iALS's total regularisation: λ·(|U|·|I|/N + α) (class
   * comment).
   */
  public static double regParam(InteractionMatrix train) {
    return Ials.DEFAULT_LAMBDA
        * ((double) train.numUsers() * train.numItems() / train.numInteractions() + Ials.DEFAULT_ALPHA);
  }

  private static void report(String benchmark, double recall) {
    BenchNotes.record(benchmark + ".recall@" + CUTOFF, String.format(Locale.ROOT, "%.4f", recall));
  }

  /** PrivRec's iALS fit (64 factors, 15 iterations, 2 threads). */
  @Benchmark
  public IalsModel privrecIalsFit(Data data, PrivRec privrec) {
    privrec.last = privrec.ials.fit(data.split.train());
    return privrec.last;
  }

  /** MLlib's ALS fit on the same training part (64 factors, 15 iterations, {@code local[2]}). */
  @Benchmark
  public ALSModel mllibAlsFit(Mllib mllib) {
    mllib.last = mllib.als.fit(mllib.ratings);
    return mllib.last;
  }
}
