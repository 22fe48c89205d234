package io.privrec.spark;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;

import io.privrec.core.cf.ItemCoCounts;
import io.privrec.core.cf.ItemCounts;
import io.privrec.core.cf.ItemPairCounts;
import io.privrec.spark.internal.DriverMemory;
import io.privrec.spark.internal.PrepareUdf;
import io.privrec.spark.internal.PreparedRows;
import io.privrec.spark.internal.Rows;
import io.privrec.spark.internal.SumPartition;
import io.privrec.spark.internal.TextHistogram;
import io.privrec.spark.internal.WeightUdf;
import io.privrec.spark.internal.WeightedGramRows;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Sufficient statistics of {@link SparkInteractions}, computed by Spark and returned to the driver
 * as core's statistic types, from which core fits its models ({@link SparkFit}).
 *
 * <h2>Where it runs</h2>
 * Everything that grows with the number of customers or interactions runs on the executors; only
 * the catalogue-sized result is collected to the driver. Counts are exact {@code long} sums, so the
 * result is the same bit for bit whatever the partitioning, the order in which Spark merges partial
 * counts, task retries or speculative execution.
 *
 * <h2>Privacy</h2>
 * The statistics are exact, not private: they are the inputs of core's mechanisms, which add the
 * noise on the driver. Do not release them.
 *
 * <h2>Driver memory</h2>
 * A statistic the driver holds as a dense triangle ({@link #itemPairCounts}: {@code n(n+1)/2}
 * longs) is checked against the session setting {@value #MAX_DENSE_BYTES} (bytes; default half the
 * driver's maximum heap) before any Spark job: a catalogue too large for it is refused with an
 * {@link IllegalArgumentException} naming the setting, the rule and the sizes.
 *
 * <p>Stateless and thread-safe.
 */
public final class SparkStatistics {
  /** Session setting: the most bytes a dense statistic may take on the driver. */
  public static final String MAX_DENSE_BYTES = DriverMemory.MAX_DENSE_BYTES;

  private SparkStatistics() {}

  /**
   * How the customer-sized work that has two implementations runs: the co-occurrence sums ({@link
   * #coCounts}, hence {@link SparkFit#itemKnn}, {@link SparkFit#dpItemKnn}, {@link SparkFit#dpEase}
   * and the item-kNN {@link SparkFit#forget(io.privrec.core.cf.ItemKnnModel, SparkInteractions,
   * Execution) forget}), weighted EASE's Gram sums ({@link #itemPairSums}, hence {@link
   * SparkFit#ease(io.privrec.core.cf.Ease, SparkInteractions, Execution)} and its forget with {@code
   * binarize=false}) and batch scoring ({@link SparkScoring#topK(io.privrec.core.model.ItemScorer,
   * SparkInteractions, int, Execution)}). Both paths give the same results bit for bit: the same
   * sums (exact long sums of the same prepared rows) and the same lists (the same per-customer
   * code).
   *
   * <p><b>Which to use.</b> On Spark Connect and serverless platforms (no {@code SparkContext} in
   * the application, no RDD API), use {@link #DATA_FRAME}. On a classic session either works;
   * {@link #PARTITIONS} is the default of the overloads without an {@code Execution}. Everything
   * else in this module ({@link SparkInteractions}, {@link KeyedBounding}, {@link #itemCounts},
   * {@link #itemPairCounts}, the popularity and binarized EASE fits and forgets) uses DataFrame and
   * SQL operations only, whatever the path. On Spark Connect the server needs PrivRec's jars, whose
   * classes the SQL functions are.
   */
  public enum Execution {
    /**
     * Typed partition functions on a classic session: each partition sums its rows with core's
     * {@link ItemCoCounts.Accumulator} (a typed {@code mapPartitions}), then Spark adds the partial
     * sums by item and pair; scoring broadcasts the model through the {@code SparkContext} and
     * scores each partition in a typed {@code mapPartitions}. Not available on Spark Connect.
     */
    PARTITIONS,
    /**
     * DataFrame and SQL operations only (no RDD, no {@code SparkContext}, no typed map, no
     * broadcast variable), for Spark Connect and serverless platforms: rows are prepared (bounded,
     * restricted) by a SQL function whose key travels inside the function object, never as a
     * literal of the plan; pairs are generated by SQL array functions and summed by an aggregation;
     * scoring runs in a SQL function holding the model's saved bytes, whose per-customer arrays are
     * exploded into rows.
     */
    DATA_FRAME
  }

  /**
   * For every catalogue item, the number of customers whose row holds it (weights ignored): the
   * counts core's {@link ItemCounts#of(io.privrec.core.data.InteractionMatrix)} gives on the same
   * rows. Bounded data ({@link SparkInteractions#isBounded()}) gives {@linkplain
   * ItemCounts#bounded bounded} counts with its bound. One Spark job (an aggregation by item).
   *
   * @throws NullPointerException if {@code data} is null
   */
  public static ItemCounts itemCounts(SparkInteractions data) {
    requireNonNull(data, "data");
    long[] counts = new long[data.catalogue().size()];
    for (Row r : data.rows().select(explode(col(Rows.ITEMS)).as("item")).groupBy(col("item")).count()
        .collectAsList()) {
      counts[r.getInt(0)] = r.getLong(1);
    }
    return data.isBounded() ? ItemCounts.bounded(data.catalogue().items(), counts, data.maxItemsPerCustomer())
        : ItemCounts.of(data.catalogue().items(), counts);
  }

  /**
   * For every cohort and catalogue item, the number of customers of the cohort whose row holds the
   * item (weights ignored): {@link #itemCounts} restricted to each cohort's customers, as core's
   * {@link io.privrec.core.cf.dp.DpPopularity#fit(ItemCounts, List, io.privrec.core.model.FitListener,
   * io.privrec.dp.budget.PrivacyAccountant) DpPopularity} fit with cohorts takes them. {@code
   * cohorts} assigns customers (column {@code customer}, compared as strings with the rows'
   * customer ids) to cohorts (column {@code cohort}, integral, in {@code [-1, numCohorts)}; -1 or
   * null: in no cohort), e.g. {@link SparkCohorts.Result#assignments()}; a customer of {@code data}
   * missing from it is in no cohort. Bounded data gives bounded counts with its bound. Two Spark
   * jobs: a check that no customer is assigned twice, and one aggregation by (cohort, item).
   *
   * @return one {@link ItemCounts} per cohort, cohort {@code k} at index {@code k}
   * @throws IllegalArgumentException if {@code numCohorts < 1}, a column is missing or the cohort
   *     column is not integral (before any Spark job), a customer is assigned more than once, or a
   *     customer of {@code data} is assigned a cohort outside {@code [-1, numCohorts)} (neither the
   *     customer nor the value is quoted)
   * @throws NullPointerException if an argument is null
   */
  public static List<ItemCounts> itemCountsByCohort(SparkInteractions data, Dataset<Row> cohorts, String customer,
      String cohort, int numCohorts) {
    requireNonNull(data, "data");
    requireNonNull(cohorts, "cohorts");
    requireNonNull(customer, "customer");
    requireNonNull(cohort, "cohort");
    if (numCohorts < 1) {
      throw new IllegalArgumentException("numCohorts must be >= 1. Provided value: " + numCohorts);
    }
    TextHistogram.requireColumns(cohorts, List.of(customer, cohort), "the cohort assignments");
    DataType type = cohorts.schema().apply(cohort).dataType();
    if (!(type.equals(DataTypes.ByteType) || type.equals(DataTypes.ShortType) || type.equals(DataTypes.IntegerType)
        || type.equals(DataTypes.LongType))) {
      throw new IllegalArgumentException("the cohort column '" + cohort + "' must be integral. Provided type: "
          + type.typeName());
    }
    Dataset<Row> assigned = cohorts.select(TextHistogram.quoted(customer).cast(DataTypes.StringType).as(ASSIGNED),
        TextHistogram.quoted(cohort).cast(DataTypes.LongType).as(COHORT_OF));
    // A customer assigned twice would be counted twice: her contribution, and the sensitivity, would double.
    if (!assigned.groupBy(col(ASSIGNED)).count().where(col("count").gt(1)).isEmpty()) {
      throw new IllegalArgumentException("the cohort assignments must hold at most one row per customer; a "
          + "customer is listed more than once (not quoted)");
    }
    long[][] counts = new long[numCohorts][data.catalogue().size()];
    for (Row r : data.rows().join(assigned.where(col(COHORT_OF).isNotNull().and(col(COHORT_OF).notEqual(-1))),
        col(Rows.CUSTOMER).equalTo(col(ASSIGNED)))
        .select(col(COHORT_OF), explode(col(Rows.ITEMS)).as("item")).groupBy(col(COHORT_OF), col("item")).count()
        .collectAsList()) {
      long k = r.getLong(0);
      if (k < 0 || k >= numCohorts) {
        throw new IllegalArgumentException("the cohort assignments give a customer of the data a cohort outside "
            + "[-1, " + numCohorts + ") (neither is quoted)");
      }
      counts[(int) k][r.getInt(1)] = r.getLong(2);
    }
    List<ItemCounts> out = new ArrayList<>(numCohorts);
    for (long[] c : counts) {
      out.add(data.isBounded() ? ItemCounts.bounded(data.catalogue().items(), c, data.maxItemsPerCustomer())
          : ItemCounts.of(data.catalogue().items(), c));
    }
    return out;
  }

  private static final String ASSIGNED = "__privrec_assigned_customer";
  private static final String COHORT_OF = "__privrec_cohort";

  /**
   * For every pair of catalogue items, the number of customers whose row holds both (weights
   * ignored; the diagonal holds the item counts): the Gram matrix of the 0/1 rows, the counts
   * core's {@link ItemPairCounts#of(io.privrec.core.data.InteractionMatrix)} gives on the same
   * rows. One Spark job: each row's pairs are generated and aggregated by pair on the executors
   * (work proportional to {@code Σ_u |I(u)|²}); the non-zero pairs are streamed to the driver
   * partition by partition into a dense triangle of {@code n(n+1)/2} longs.
   *
   * @throws IllegalArgumentException if the catalogue has more than {@link ItemPairCounts#MAX_ITEMS}
   *     items, or its triangle exceeds {@value #MAX_DENSE_BYTES} (checked before any Spark job)
   * @throws NullPointerException if {@code data} is null
   */
  public static ItemPairCounts itemPairCounts(SparkInteractions data) {
    requireNonNull(data, "data");
    DriverMemory.checkTriangle(data.rows().sparkSession(), "item pair counts", data.catalogue().size());
    ItemPairCounts.Builder counts = ItemPairCounts.builder(data.catalogue().items());
    // Row items are increasing: pairing items[k] with items[0..k] yields each unordered pair once.
    Column pairs = expr("flatten(transform(" + Rows.ITEMS + ", (x, k) -> transform(slice(" + Rows.ITEMS
        + ", 1, k + 1), y -> named_struct('i', x, 'j', y))))");
    Iterator<Row> it = data.rows().select(explode(pairs).as("p")).groupBy(col("p.i"), col("p.j")).count()
        .toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      counts.add(r.getInt(0), r.getInt(1), r.getLong(2));
    }
    return counts.build();
  }

  /**
   * For every pair of catalogue items, the weighted Gram matrix entry {@code Σ_u w_ui · w_uj} of
   * the rows (the diagonal: {@code Σ_u w_ui²}) as core's exact fixed-point sums, bit for bit the
   * statistic core's {@link ItemPairCounts#ofWeights(io.privrec.core.data.InteractionMatrix)} gives
   * on the same rows (weighted EASE's, {@code binarize=false}), whatever the partitioning, the
   * execution or task retries. Two Spark jobs:
   * <ol>
   *   <li>per item, the number of customers holding it and its largest weight (an aggregation by
   *       item, DataFrame operations on either path), from which the driver chooses the scale
   *       {@code F} by core's rule {@link ItemPairCounts#fractionBits(long[], float[])} (a bound on
   *       every sum, so no sum can overflow);
   *   <li>each row's products {@link ItemPairCounts#quantizedProduct}, computed with that {@code
   *       F} on the executors by core's function (in a typed {@code mapPartitions} or, on {@link
   *       Execution#DATA_FRAME}, a SQL function holding {@code F}), summed by pair in {@code long}
   *       (work proportional to {@code Σ_u |I(u)|²}); the non-zero sums are streamed to the driver
   *       partition by partition into a dense triangle of {@code n(n+1)/2} longs.
   * </ol>
   *
   * @throws IllegalArgumentException if the catalogue has more than {@link ItemPairCounts#MAX_ITEMS}
   *     items, or its triangle exceeds {@value #MAX_DENSE_BYTES} (checked before any Spark job)
   * @throws NullPointerException if an argument is null
   */
  public static ItemPairCounts itemPairSums(SparkInteractions data, Execution execution) {
    requireNonNull(data, "data");
    requireNonNull(execution, "execution");
    int n = data.catalogue().size();
    DriverMemory.checkTriangle(data.rows().sparkSession(), "item pair sums", n);
    if (n > ItemPairCounts.MAX_ITEMS) {
      throw new IllegalArgumentException("item pair sums hold at most " + ItemPairCounts.MAX_ITEMS
          + " items. Provided: " + n);
    }
    ItemMaxima maxima = itemMaxima(data);
    int fractionBits = ItemPairCounts.fractionBits(maxima.counts(), maxima.maxWeights());
    Dataset<Row> products;
    if (execution == Execution.PARTITIONS) {
      products = data.rows().mapPartitions(new WeightedGramRows.Partition(fractionBits),
          Encoders.row(WeightedGramRows.TERM));
    } else {
      UserDefinedFunction gram = udf(new WeightedGramRows.Udf(fractionBits), WeightedGramRows.TERMS)
          .withName("privrec_weighted_gram_terms");
      products = data.rows().select(explode(gram.apply(col(Rows.ITEMS), col(Rows.WEIGHTS))).as("t"))
          .select(col("t.i").as("i"), col("t.j").as("j"), col("t.sum").as("sum"));
    }
    ItemPairCounts.Builder sums = ItemPairCounts.weightedBuilder(data.catalogue().items(), fractionBits);
    Iterator<Row> it = products.groupBy(col("i"), col("j")).agg(sum(col("sum"))).toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      sums.add(r.getInt(0), r.getInt(1), r.getLong(2));
    }
    return sums.build();
  }

  /**
   * Per catalogue item: the number of customers holding it, its largest weight and the fewest items
   * of a customer holding it (0, 0 and 0 for an item nobody holds). Exact (counts, maxima and
   * minima), so the same whatever the partitioning. One Spark job, DataFrame operations only.
   */
  static ItemMaxima itemMaxima(SparkInteractions data) {
    int n = data.catalogue().size();
    long[] counts = new long[n];
    float[] maxWeights = new float[n];
    int[] minRowLengths = new int[n];
    Column terms = expr("zip_with(" + Rows.ITEMS + ", " + Rows.WEIGHTS + ", (i, w) -> named_struct('i', i, 'w', w))");
    for (Row r : data.rows().select(explode(terms).as("t"), size(col(Rows.ITEMS)).as("k")).groupBy(col("t.i"))
        .agg(count(lit(1)), max(col("t.w")), min(col("k"))).collectAsList()) {
      counts[r.getInt(0)] = r.getLong(1);
      maxWeights[r.getInt(0)] = r.getFloat(2);
      minRowLengths[r.getInt(0)] = r.getInt(3);
    }
    return new ItemMaxima(counts, maxWeights, minRowLengths);
  }

  /** {@link #itemMaxima}' result, arrays indexed by catalogue item. */
  record ItemMaxima(long[] counts, float[] maxWeights, int[] minRowLengths) {}

  /**
   * The co-occurrence sums of {@code spec} ({@link ItemCoCounts}) over {@code data}'s rows, each row
   * first bounded by {@code bounding} (unless null) and then, unless {@code candidates} is null,
   * restricted to the candidates and re-indexed (catalogue item {@code candidates[c]} becomes
   * {@code c}). Equal bit for bit to core's {@link ItemCoCounts#ofRows} on the same prepared rows,
   * whatever the partitioning, the execution or task retries. One Spark job; the driver holds the
   * non-zero sums only (12 bytes per pair, 8 per item).
   *
   * @param spec what to sum; {@code spec.numItems()} must be the catalogue's size, or {@code
   *     candidates.length}; a spec of {@linkplain ItemCoCounts.Spec#usesWeights() weight products}
   *     sums whole rows with their weights (no bounding, no candidates)
   * @param bounding the keyed bounding, or null if {@code data}'s rows already respect a bounded
   *     spec's bound (or the spec is unbounded)
   * @param candidates increasing catalogue indices, or null
   * @throws IllegalArgumentException (before any Spark job) if {@code spec.numItems()} does not
   *     match, the candidates are not increasing catalogue indices, or the spec is bounded to
   *     {@code m} items and the rows are not bounded to at most {@code m} (neither by {@code
   *     bounding} nor already), or a spec of weight products is given a bounding or candidates
   * @throws NullPointerException if {@code data}, {@code spec} or {@code execution} is null
   */
  public static ItemCoCounts coCounts(SparkInteractions data, ItemCoCounts.Spec spec, KeyedBounding bounding,
      int[] candidates, Execution execution) {
    requireNonNull(data, "data");
    requireNonNull(spec, "spec");
    requireNonNull(execution, "execution");
    int n = data.catalogue().size();
    checkCandidates(candidates, n);
    int expected = candidates == null ? n : candidates.length;
    if (spec.numItems() != expected) {
      throw new IllegalArgumentException("spec.numItems() must be " + (candidates == null ? "the catalogue's size"
          : "the number of candidates") + " (" + expected + "). Provided value: " + spec.numItems());
    }
    if (spec.usesWeights() && (bounding != null || candidates != null)) {
      throw new IllegalArgumentException("a spec of weight products sums whole rows with their weights: pass no"
          + " bounding and no candidates");
    }
    int bound = bounding != null ? bounding.maxItemsPerCustomer() : data.maxItemsPerCustomer();
    if (spec.isBounded() && !(bound > 0 && bound <= spec.maxItemsPerCustomer())) {
      throw new IllegalArgumentException("rows must be bounded to at most maxItemsPerCustomer = "
          + spec.maxItemsPerCustomer() + " items for these sums: pass a KeyedBounding of at most that many items. "
          + "Provided bound: " + (bound == 0 ? "none" : bound));
    }
    ItemCoCounts.Accumulator acc = spec.accumulator();
    Iterator<Row> it = sums(data, spec, bounding, candidates, execution).toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      int i = r.getInt(0);
      int j = r.getInt(1);
      if (j < 0) {
        acc.addItemSum(i, r.getLong(2));
      } else {
        acc.addPairSum(i, j, r.getLong(2));
      }
    }
    return acc.build();
  }

  /** The sums {@code (i, j, sum)} of checked arguments, {@code j = -1} for item sums (lazy). */
  static Dataset<Row> sums(SparkInteractions data, ItemCoCounts.Spec spec, KeyedBounding bounding, int[] candidates,
      Execution execution) {
    PreparedRows prepared = new PreparedRows(bounding == null ? null : bounding.subset(), candidates,
        data.catalogue().size());
    Dataset<Row> partials = execution == Execution.PARTITIONS
        ? data.rows().mapPartitions(new SumPartition(spec, prepared), Encoders.row(SumPartition.SCHEMA))
        : frameSums(data.rows(), spec, bounding == null && candidates == null ? null : prepared);
    return partials.groupBy(col("i"), col("j")).agg(sum(col("sum")).as("sum"));
  }

  /** The DataFrame path's partial sums {@code (i, j, sum)}, {@code j = -1} for item sums. */
  private static Dataset<Row> frameSums(Dataset<Row> rows, ItemCoCounts.Spec spec, PreparedRows prepared) {
    if (spec.usesWeights()) {
      UserDefinedFunction terms = udf(new WeightedGramRows.Udf(spec), WeightedGramRows.TERMS)
          .withName("privrec_weight_product_terms");
      return rows.select(explode(terms.apply(col(Rows.ITEMS), col(Rows.WEIGHTS))).as("t"))
          .select(col("t.i").as("i"), col("t.j").as("j"), col("t.sum").as("sum"));
    }
    Column items = col(Rows.ITEMS);
    if (prepared != null) {
      UserDefinedFunction prepare = udf(new PrepareUdf(prepared),
          DataTypes.createArrayType(DataTypes.IntegerType, false)).withName("privrec_prepare_rows");
      items = prepare.apply(col(Rows.CUSTOMER), items);
    }
    Dataset<Row> x = rows.select(items.as("x"));
    Dataset<Row> parts = null;
    if (spec.sumsItems()) {
      UserDefinedFunction weight = udf(new WeightUdf(spec, false), DataTypes.LongType)
          .withName("privrec_item_weight");
      parts = x.select(explode(col("x")).as("i"), lit(-1).as("j"), weight.apply(size(col("x"))).as("sum"));
    }
    if (spec.sumsPairs()) {
      UserDefinedFunction weight = udf(new WeightUdf(spec, true), DataTypes.LongType)
          .withName("privrec_pair_weight");
      // Row items are increasing: pairing x[k] with the items before it yields each pair (i < j) once.
      Column pairs = expr("flatten(transform(x, (b, k) -> transform(slice(x, 1, k), a -> named_struct('i', a, 'j',"
          + " b))))");
      Dataset<Row> pairSums = x.select(explode(pairs).as("p"), weight.apply(size(col("x"))).as("sum"))
          .select(col("p.i").as("i"), col("p.j").as("j"), col("sum"));
      parts = parts == null ? pairSums : parts.unionByName(pairSums);
    }
    return parts.filter(col("sum").notEqual(0));
  }

  private static void checkCandidates(int[] candidates, int n) {
    if (candidates == null) {
      return;
    }
    for (int c = 0; c < candidates.length; c++) {
      if (candidates[c] < 0 || candidates[c] >= n || (c > 0 && candidates[c] <= candidates[c - 1])) {
        throw new IllegalArgumentException("candidates must be strictly increasing catalogue indices in [0, " + n
            + ")");
      }
    }
  }
}
