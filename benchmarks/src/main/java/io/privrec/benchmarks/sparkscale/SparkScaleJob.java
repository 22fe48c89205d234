package io.privrec.benchmarks.sparkscale;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

import io.privrec.core.cf.Ials;
import io.privrec.core.cf.dp.DpEase;
import io.privrec.core.cf.dp.DpEaseModel;
import io.privrec.spark.SparkFit;
import io.privrec.spark.SparkInteractions;
import io.privrec.spark.SparkScoring;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * The scaling run of privrec-spark: a synthetic shop of N interactions generated inside Spark
 * ({@link SyntheticShop}), DP-EASE fitted through {@link SparkFit#dpEase(DpEase, SparkInteractions)}
 * (ε = 1, δ = 10⁻⁶, the secure random source, core's other defaults), every customer's top 20
 * (her own garments excluded) by {@link SparkScoring#topK}, and optionally MLlib's ALS on the same
 * data. Prints one JSON line per stage (see {@link StageMeter}):
 * <ol>
 *   <li>{@code generate+cache}: the events generated and indexed into one cached row per customer
 *       ({@code SparkInteractions}, one Spark job plus the catalogue's collection);
 *   <li>{@code bound+statistics}: the Spark jobs inside the DP-EASE fit (keyed bounding, the
 *       candidate counts, the candidates' pair sums), their wall time and task figures;
 *   <li>{@code driver-fit}: the rest of the DP-EASE fit (noise, candidate selection,
 *       eigen-denoising, inversion), wall time outside the jobs and process CPU less task CPU;
 *   <li>{@code scoring}: top-20 for every customer, written as parquet (or counted);
 *   <li>with {@code -als}: {@code als-prepare} (the events summed per (customer, garment) and
 *       cached) and {@code als-fit} (implicit preferences, 64 factors, α = 10, regParam matched to
 *       iALS's λ = 0.03 as in {@code MllibAlsBenchmark}, seed 42).
 * </ol>
 *
 * <pre>
 * java -Xmx6g -Xss16m &lt;Spark's Java 17 options&gt; \
 *     -cp "benchmarks/target/benchmarks.jar:$(cat benchmarks/target/classpath.txt)" \
 *     io.privrec.benchmarks.sparkscale.SparkScaleJob -n 10000000 -als
 * </pre>
 * Options: {@code -n} interactions (events, required); {@code -partitions} (default {@code max(4,
 * N / 500,000)}: the events' and the customer rows' partitions); {@code -out} a directory for the
 * recommendations as parquet (default {@code /tmp/privrec-spscale/recommendations-N}, overwritten)
 * or {@code count}; {@code -als} runs MLlib's ALS too, {@code -als-only} ALS alone, {@code
 * -als-iterations} (default 15); {@code -seed} (default 42). The master is {@code local[2]}
 * unless {@code spark.master} is set (as {@code spark-submit} does).
 */
public final class SparkScaleJob {
  /** Recommendations per customer. */
  public static final int TOP = 20;
  /** ALS factors. */
  public static final int FACTORS = 64;

  private SparkScaleJob() {}

  /**
   * Runs the job (see the class documentation).
   *
   * @throws IllegalArgumentException on a malformed option
   */
  public static void main(String[] args) {
    long n = -1;
    int partitions = -1;
    String out = null;
    boolean privrec = true;
    boolean als = false;
    int alsIterations = 15;
    long seed = 42;
    for (int a = 0; a < args.length; a++) {
      switch (args[a]) {
        case "-n" -> n = Long.parseLong(args[++a].replace("_", ""));
        case "-partitions" -> partitions = Integer.parseInt(args[++a]);
        case "-out" -> out = args[++a];
        case "-als" -> als = true;
        case "-als-only" -> {
          als = true;
          privrec = false;
        }
        case "-als-iterations" -> alsIterations = Integer.parseInt(args[++a]);
        case "-seed" -> seed = Long.parseLong(args[++a]);
        default -> throw new IllegalArgumentException("unknown option " + args[a]
            + "; options: -n N [-partitions P] [-out DIR|count] [-als | -als-only] [-als-iterations I] [-seed S]");
      }
    }
    if (n < 1) {
      throw new IllegalArgumentException("-n (interactions) must be >= 1. Provided value: " + n);
    }
    if (partitions < 1) {
      partitions = (int) Math.max(4, n / 500_000);
    }
    if (out == null) {
      out = "/tmp/privrec-spscale/recommendations-" + n;
    }

    SparkSession.Builder builder = SparkSession.builder().appName("privrec-spark-scale")
        .config("spark.sql.shuffle.partitions", String.valueOf(partitions))
        // The customer rows keep the configured partitions (the co-occurrence sums hold one partition's
        // non-zero pairs at a time), rather than being coalesced by adaptive execution.
        .config("spark.sql.adaptive.coalescePartitions.enabled", "false");
    if (!new SparkConf().contains("spark.master")) {
      builder.master("local[2]").config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
    }
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    StageMeter meter = new StageMeter(spark);
    Runtime rt = Runtime.getRuntime();
    System.out.printf(Locale.ROOT, "{\"n\":%d,\"run\":\"config\",\"spark\":\"%s\",\"master\":\"%s\","
        + "\"default_parallelism\":%d,\"partitions\":%d,\"max_heap_mib\":%d,\"available_processors\":%d,"
        + "\"customers\":%d,\"garments\":%d,\"seed\":%d}%n",
        n, spark.version(), spark.sparkContext().master(), spark.sparkContext().defaultParallelism(), partitions,
        rt.maxMemory() >> 20, rt.availableProcessors(), SyntheticShop.customers(n), SyntheticShop.GARMENTS, seed);

    Dataset<Row> events = SyntheticShop.events(spark, n, seed, partitions);
    if (privrec) {
      runPrivRec(spark, meter, events, n, out);
    }
    if (als) {
      runAls(meter, events, n, alsIterations);
    }
    spark.stop();
  }

  private static void runPrivRec(SparkSession spark, StageMeter meter, Dataset<Row> events, long n, String out) {
    meter.start();
    SparkInteractions data = SparkInteractions.from(events).customer("customer").item("garment")
        .catalogue(SyntheticShop.catalogue(spark), "garment");
    StageMeter.Stage generate = meter.stop();
    System.out.println(generate.json(n, "generate+cache"));
    // Untimed: the shape of what was cached.
    Row shape = data.rows().agg(org.apache.spark.sql.functions.count("*"), sum(size(col("items")))).first();
    System.out.printf(Locale.ROOT, "{\"n\":%d,\"run\":\"data\",\"customers_with_rows\":%d,"
        + "\"distinct_interactions\":%d}%n", n, shape.getLong(0), shape.getLong(1));

    DpEase algorithm = DpEase.builder().epsilon(1.0).delta(1e-6).build();
    meter.start();
    DpEaseModel model = SparkFit.dpEase(algorithm, data);
    StageMeter.Stage fit = meter.stop();
    System.out.println(fit.jobsOnly().json(n, "bound+statistics"));
    System.out.println(fit.withoutJobs().json(n, "driver-fit"));
    // The fit's size on the driver: candidates (items whose noisy count passed the threshold) and rank.
    System.out.printf(Locale.ROOT, "{\"n\":%d,\"run\":\"model\",\"candidates\":%d,\"rank\":%d}%n", n,
        model.candidates().length, model.rank());

    meter.start();
    Dataset<Row> top = SparkScoring.topK(model, data, TOP);
    long lists;
    if ("count".equals(out)) {
      lists = top.count();
    } else {
      top.write().mode(SaveMode.Overwrite).parquet(out);
      lists = -1;
    }
    StageMeter.Stage scoring = meter.stop();
    System.out.println(scoring.json(n, "scoring"));
    System.out.printf(Locale.ROOT, "{\"n\":%d,\"run\":\"privrec\",\"wall_s\":%.2f,\"output\":\"%s\"%s}%n", n,
        (generate.wallNanos() + fit.wallNanos() + scoring.wallNanos()) / 1e9, out,
        lists >= 0 ? ",\"rows\":" + lists : "");
    data.unpersist();
  }

  private static void runAls(StageMeter meter, Dataset<Row> events, long n, int iterations) {
    meter.start();
    Dataset<Row> ratings = events.groupBy(col("customer_index").as("user"), col("garment_index").as("item"))
        .count().select(col("user"), col("item"), col("count").cast(DataTypes.FloatType).as("rating")).cache();
    Row shape = ratings.agg(org.apache.spark.sql.functions.count("*"),
        org.apache.spark.sql.functions.countDistinct(col("user"))).first();
    StageMeter.Stage prepare = meter.stop();
    System.out.println(prepare.json(n, "als-prepare"));
    long pairs = shape.getLong(0);
    long users = shape.getLong(1);
    // MllibAlsBenchmark's mapping of iALS's λ to regParam: λ·(|U|·|I|/N + α).
    double regParam = Ials.DEFAULT_LAMBDA * ((double) users * SyntheticShop.GARMENTS / pairs + Ials.DEFAULT_ALPHA);
    ALS algorithm = new ALS().setRank(FACTORS).setMaxIter(iterations).setImplicitPrefs(true)
        .setAlpha(Ials.DEFAULT_ALPHA).setRegParam(regParam).setSeed(42)
        .setUserCol("user").setItemCol("item").setRatingCol("rating");
    meter.start();
    ALSModel model = algorithm.fit(ratings);
    // The factors are lazy until used: count them so the fit's work is inside the stage.
    long factors = model.userFactors().count() + model.itemFactors().count();
    StageMeter.Stage fit = meter.stop();
    System.out.println(fit.json(n, "als-fit"));
    System.out.printf(Locale.ROOT, "{\"n\":%d,\"run\":\"als\",\"iterations\":%d,\"factors\":%d,\"reg_param\":%.4f,"
        + "\"ratings\":%d,\"factor_rows\":%d}%n", n, iterations, FACTORS, regParam, pairs, factors);
    ratings.unpersist();
  }
}
