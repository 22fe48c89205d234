package io.privrec.spark;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

import io.privrec.core.cf.Ease;
import io.privrec.core.cf.EaseModel;
import io.privrec.core.cf.ItemCoCounts;
import io.privrec.core.cf.ItemCounts;
import io.privrec.core.cf.ItemKnn;
import io.privrec.core.cf.ItemKnnModel;
import io.privrec.core.cf.Popularity;
import io.privrec.core.cf.PopularityModel;
import io.privrec.core.cf.dp.DpEase;
import io.privrec.core.cf.dp.DpEaseModel;
import io.privrec.core.cf.dp.DpItemKnn;
import io.privrec.core.cf.dp.DpItemKnnModel;
import io.privrec.core.cf.dp.DpPopularity;
import io.privrec.core.cf.dp.DpPopularityModel;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.IdIndex;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.PrivateAlgorithm;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.spark.SparkStatistics.Execution;
import io.privrec.spark.internal.DriverMemory;
import io.privrec.spark.internal.Rows;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits core's models from {@link SparkInteractions}: the sufficient statistics are computed by
 * Spark ({@link SparkStatistics}), the model is fitted on the driver by core's own code from those
 * statistics, and the result is core's own model class (save, load, explain and reports work as for
 * a local fit).
 *
 * <h2>Where it runs</h2>
 * <ul>
 *   <li>Executors: contribution bounding ({@link KeyedBounding}) and the exact statistics.
 *   <li>Driver: the catalogue-sized statistics, the accountant, the noise (from core's random
 *       source, {@link io.privrec.dp.random.RandomSources#secure()} unless the algorithm was built
 *       with the insecure test source) and every selection. Noise is drawn only after the
 *       accountant was charged.
 * </ul>
 *
 * <h2>Privacy</h2>
 * A private model fitted here carries exactly the guarantee core documents for its algorithm (e.g.
 * {@link DpPopularity}: (ε, δ)-differential privacy for add/remove-one-customer neighbours, one
 * customer and all her interactions being the privacy unit): Spark computes exactly the bounded
 * statistic core's proof is about, with keyed bounding in place of core's random bounding (a
 * bound that depends on each customer's own row only, see {@link KeyedBounding}), and core adds the
 * noise. Non-private models ({@link Popularity}, {@link Ease}, {@link ItemKnn} but {@code bm25}
 * with {@code binarize=false}) are bit for bit the local fits on the same rows.
 *
 * <h2>Execution paths</h2>
 * The co-occurrence based fits ({@link #itemKnn}, {@link #dpItemKnn}, {@link #dpEase}) take a
 * {@link Execution}: {@link Execution#PARTITIONS} (a typed {@code mapPartitions} summing each
 * partition with core's accumulator) or {@link Execution#DATA_FRAME} (DataFrame and SQL operations
 * only, for Spark Connect and serverless platforms). Both give the same statistics bit for bit,
 * hence the same model. So does {@link #ease(Ease, SparkInteractions, Execution)} for the weighted
 * Gram sums of {@code binarize=false}. The other fits use DataFrame and SQL operations only on any
 * session.
 *
 * <h2>Erasure</h2>
 * The non-private models forget a batch of customers exactly, as core's local {@code forget} does:
 * {@link #forget(PopularityModel, SparkInteractions)} and {@link #forget(ItemKnnModel,
 * SparkInteractions)} subtract the batch's counts, computed by Spark, on the driver (cost about the
 * batch plus the touched items' statistics); {@link #forget(EaseModel, SparkInteractions,
 * SparkInteractions)} downdates by the batch's rows collected to the driver, or refits. Private
 * models hold no customer data (they are releases) and have no {@code forget}.
 *
 * <p>Stateless and thread-safe.
 */
public final class SparkFit {
  private SparkFit() {}

  /**
   * The non-private most-popular model ({@link Popularity}) of {@code data}: bit for bit the model
   * {@code Popularity.create().fit(data.toLocalMatrix(), ...)} gives, without collecting the rows.
   * On bounded data it counts the bounded rows.
   *
   * @throws NullPointerException if {@code data} is null
   */
  public static PopularityModel popularity(SparkInteractions data) {
    return Popularity.create().fit(SparkStatistics.itemCounts(data));
  }

  /**
   * The popularity model without the customers of {@code erased} (their rows, e.g. {@code
   * data.only(batch, "customer_id")}): Spark counts their items, the driver subtracts the counts
   * from the model's. Counts are integers, so the result is bit for bit the model fitted without
   * them ({@link PopularityModel#forget} does the same locally); the receiver is unchanged.
   *
   * @throws IllegalArgumentException if the model's items are not {@code erased.catalogue()}'s,
   *     or the erased rows are not part of the data the model was fitted on (a count would become
   *     negative; no id is named)
   * @throws NullPointerException if an argument is null
   */
  public static PopularityModel forget(PopularityModel model, SparkInteractions erased) {
    requireNonNull(model, "model");
    checkCatalogue(model.items(), requireNonNull(erased, "erased"), "erased");
    ItemCounts removed = SparkStatistics.itemCounts(erased);
    long[] counts = new long[model.numItems()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = model.count(i) - removed.count(i);
      if (counts[i] < 0) {
        throw new IllegalArgumentException("the erased rows must be part of the data this model was fitted on: an"
            + " erased row holds an item whose count would become negative");
      }
    }
    return Popularity.create().fit(ItemCounts.of(model.items(), counts));
  }

  /**
   * {@link #forget(ItemKnnModel, SparkInteractions, Execution)} on the partition path.
   *
   * @throws IllegalStateException as {@link #forget(ItemKnnModel, SparkInteractions, Execution)}
   * @throws IllegalArgumentException if the model's items are not {@code erased.catalogue()}'s, or
   *     the erased rows are not part of the data the model was fitted on
   * @throws NullPointerException if an argument is null
   */
  public static ItemKnnModel forget(ItemKnnModel model, SparkInteractions erased) {
    return forget(model, erased, Execution.PARTITIONS);
  }

  /**
   * The item-kNN model without the customers of {@code erased} (their rows, e.g. {@code
   * data.only(batch, "customer_id")}), for the configurations {@link #itemKnn} fits and core
   * updates by subtraction (weighting {@code none} or the default {@code tfidf}, with or without
   * {@code binarize}).
   * <ul>
   *   <li>Executors: the erased rows' item and pair counts and, but for {@code none} with {@code
   *       binarize=true}, their fixed-point value sums, with the model's own specs ({@link
   *       ItemKnnModel#valueSumsSpec()}: with {@code binarize=false} at the model's scale {@code
   *       F}, whatever scale the batch alone would get; {@link SparkStatistics#coCounts}, exact long
   *       sums; work proportional to the batch's item pairs).
   *   <li>Driver: core's {@link ItemKnnModel#forget(ItemCoCounts, ItemCoCounts)} subtracts them
   *       from the model's co-occurrence statistics and selects anew only the neighbour lists that
   *       can change (cost about the batch's pairs plus one pass over the statistics of the items it
   *       touches).
   * </ul>
   * The sums are integers, so the result is bit for bit core's local {@link
   * ItemKnnModel#forget(io.privrec.core.model.Erasure)} on the same rows and the model fitted
   * without those customers ({@code binarize=false}: from their sums at the model's scale, which is
   * both whenever core's rule gives the remaining rows that scale; otherwise the model keeps its
   * scale, a function of the erased customers' weights too, where the local forget refits: to drop
   * it, fit {@link #itemKnn} on the remaining data; see {@link ItemKnnModel}).
   * The driver holds the batch's non-zero pair sums only. The receiver is unchanged. A {@code bm25}
   * model cannot be updated this way (its item factors depend on every customer): fit {@link
   * #itemKnn} on the remaining data instead.
   *
   * @throws IllegalStateException if the model's configuration is {@code bm25}, or the model is a
   *     {@code binarize=false} model loaded from a file saved before exact sums (no scale: forget
   *     it locally); checked before any Spark job
   * @throws IllegalArgumentException if the model's items are not {@code erased.catalogue()}'s
   *     (before any Spark job), or the erased rows are not part of the data the model was fitted on
   *     (a count would become negative or a pair is missing; no id is named)
   * @throws NullPointerException if an argument is null
   */
  public static ItemKnnModel forget(ItemKnnModel model, SparkInteractions erased, Execution execution) {
    requireNonNull(model, "model");
    requireNonNull(execution, "execution");
    checkCatalogue(model.items(), requireNonNull(erased, "erased"), "erased");
    ItemKnn config = model.config();
    if (config.weighting() == ItemKnn.Weighting.BM25) {
      throw new IllegalStateException("item-knn with weighting=bm25 cannot subtract customers: its item factors depend"
          + " on every customer; fit itemKnn on the remaining data");
    }
    int n = model.numItems();
    // The model's own specs (for binarize=false its scale): checked before any Spark job.
    ItemCoCounts.Spec countSpec = config.statisticsSpec(n);
    ItemCoCounts.Spec sumSpec = config.usesValueSums() ? model.valueSumsSpec() : null;
    ItemCoCounts counts = SparkStatistics.coCounts(erased, countSpec, null, null, execution);
    ItemCoCounts sums = sumSpec == null ? null : SparkStatistics.coCounts(erased, sumSpec, null, null, execution);
    return model.forget(counts, sums);
  }

  /**
   * {@link #forget(EaseModel, SparkInteractions, SparkInteractions, Execution)} on the partition
   * path (which matters only for a refit with {@code binarize=false}).
   *
   * @throws IllegalArgumentException if the model's items are not {@code erased.catalogue()}'s or
   *     {@code remaining.catalogue()}'s (before any Spark job), or the refit refuses the data (as
   *     {@link #ease})
   * @throws NullPointerException if an argument is null
   */
  public static EaseModel forget(EaseModel model, SparkInteractions erased, SparkInteractions remaining) {
    return forget(model, erased, remaining, Execution.PARTITIONS);
  }

  /**
   * The EASE model without the customers of {@code erased} (their rows, e.g. {@code
   * data.only(batch, "customer_id")}), {@code remaining} being the data without them (e.g. {@code
   * data.without(batch, "customer_id")}), with or without {@code binarize}. One Spark job counts
   * the batch's customers with interactions ({@code k}) and their interactions; then:
   * <ul>
   *   <li>Downdate, when core downdates a batch of that size ({@link EaseModel#downdates}: at most a
   *       quarter of the items) and it fits the driver: only the batch's rows are collected to the
   *       driver (in increasing customer id order, as {@link SparkInteractions#toLocalMatrix}), and
   *       core's {@link EaseModel#forget(io.privrec.core.data.InteractionMatrix,
   *       java.util.function.Supplier)} downdates {@code P} by them (rank-{@code k} Woodbury, about
   *       {@code n²·k/2} flops and {@code 8·n·k} bytes besides the model's {@code P}).
   *   <li>Refit, for a larger batch, or a downdate that rounding makes indefinite: {@link
   *       #ease(Ease, SparkInteractions, Execution)} on {@code remaining} with {@code execution}
   *       (Spark sums the pairs, the driver inverts, about {@code n³} flops).
   * </ul>
   * Either way the result is bit for bit core's local {@link
   * EaseModel#forget(io.privrec.core.model.Erasure)} on the same rows with the customers in
   * increasing id order (the matrix {@link SparkInteractions#toLocalMatrix} gives; the order of the
   * rows changes the downdate's rounding): the downdate runs core's code on the same rows in the same
   * order, and the refit is bit for bit the local fit on the remaining rows. Driver guard: the
   * batch is collected only if its interactions (16 bytes each) and the downdate's {@code 8·n·k}
   * bytes fit {@value SparkStatistics#MAX_DENSE_BYTES}; a batch above it is handled by the refit
   * instead (bit for bit the fit on the remaining rows, where core's local forget would have
   * downdated). The receiver is unchanged.
   *
   * @throws IllegalArgumentException if the model's items are not {@code erased.catalogue()}'s or
   *     {@code remaining.catalogue()}'s (before any Spark job), or the refit refuses the data (as
   *     {@link #ease})
   * @throws NullPointerException if an argument is null
   */
  public static EaseModel forget(EaseModel model, SparkInteractions erased, SparkInteractions remaining,
      Execution execution) {
    requireNonNull(model, "model");
    requireNonNull(execution, "execution");
    checkCatalogue(model.items(), requireNonNull(erased, "erased"), "erased");
    checkCatalogue(model.items(), requireNonNull(remaining, "remaining"), "remaining");
    Column items = col(Rows.ITEMS);
    Row batch = erased.rows().filter(size(items).gt(0)).agg(count(lit(1)), sum(size(items))).first();
    long customers = batch.getLong(0);
    if (customers == 0) {
      return model;
    }
    long bytes = 16 * batch.getLong(1) + 8L * model.numItems() * customers;
    if (!model.downdates(customers) || bytes > DriverMemory.limit(erased.rows().sparkSession())) {
      return ease(model.config(), remaining, execution);
    }
    return model.forget(erased.toLocalMatrix(), () -> ease(model.config(), remaining, execution));
  }

  /**
   * Fits {@link DpPopularity} on {@code data} with a fresh accountant whose total is the
   * algorithm's budget.
   *
   * @see #dpPopularity(DpPopularity, SparkInteractions, PrivacyAccountant)
   */
  public static DpPopularityModel dpPopularity(DpPopularity algorithm, SparkInteractions data) {
    requireNonNull(algorithm, "algorithm");
    return dpPopularity(algorithm, data, PrivacyAccountant.create(algorithm.budget()));
  }

  /**
   * Fits {@link DpPopularity} on {@code data}: the rows are bounded on the executors to the
   * algorithm's {@code max-items-per-user} with a fresh {@link KeyedBounding} (unless {@code data}
   * is already bounded to at most that many items per customer, e.g. by a {@code KeyedBounding}
   * of the caller's), Spark counts the bounded rows per item, and core's {@link
   * DpPopularity#fit(io.privrec.core.cf.ItemCounts, FitListener, PrivacyAccountant)} charges
   * {@code accountant} and adds the noise on the driver. The model indexes {@code
   * data.catalogue()}; an algorithm without a catalogue is given that one.
   *
   * <p>With the insecure test source, on rows of at most {@code max-items-per-user} items each, the
   * model (and its saved file) is bit for bit the one core's local fit on the same rows gives.
   *
   * @throws IllegalArgumentException if the algorithm's catalogue is not {@code data.catalogue()}
   *     (same ids in the same order)
   * @throws IllegalStateException if the algorithm has cohorts (their counts need the customers'
   *     cohort assignment: use {@link #dpPopularity(DpPopularity, SparkInteractions, Dataset,
   *     String, String, PrivacyAccountant)}); checked before any Spark job runs
   * @throws io.privrec.dp.budget.PrivacyBudgetExceededException if {@code accountant} cannot afford
   *     the algorithm's budget (nothing is released)
   * @throws NullPointerException if an argument is null
   */
  public static DpPopularityModel dpPopularity(DpPopularity algorithm, SparkInteractions data,
      PrivacyAccountant accountant) {
    requireNonNull(algorithm, "algorithm");
    requireNonNull(data, "data");
    requireNonNull(accountant, "accountant");
    if (algorithm.numCohorts() > 0) {
      throw new IllegalStateException("dp-popularity with cohorts needs the customers' cohort assignment on Spark:"
          + " pass it to dpPopularity(algorithm, data, cohorts, customer, cohort, accountant)");
    }
    DpPopularity onCatalogue = withCatalogue(algorithm, data, algorithm::withCatalogue);
    SparkInteractions bounded = boundedFor(algorithm, data);
    return onCatalogue.fit(SparkStatistics.itemCounts(bounded), FitListener.NONE, accountant);
  }

  /**
   * Fits {@link DpPopularity} with cohorts on {@code data}: as {@link #dpPopularity(DpPopularity,
   * SparkInteractions, PrivacyAccountant)}, and Spark also counts the bounded rows per (cohort,
   * item) ({@link SparkStatistics#itemCountsByCohort}); core's {@link
   * DpPopularity#fit(ItemCounts, List, FitListener, PrivacyAccountant)} charges {@code accountant}
   * and adds the noise of every release on the driver. {@code cohorts} assigns customers (column
   * {@code customer}, compared as strings with the data's customer ids) to cohorts
   * (integral column {@code cohort} in {@code [-1, algorithm.numCohorts())}; -1, null or absent: in
   * no cohort), for example {@link SparkCohorts.Result#assignments()}. It replaces the algorithm's
   * cohort function, which is not called, and must be public in the same sense (each customer's
   * cohort a function of her own attributes, such as k-anonymous cohorts); the guarantee is core's,
   * by parallel composition over the cohorts.
   *
   * <p>With the insecure test source, on rows of at most {@code max-items-per-user} items each and
   * an assignment that agrees with the algorithm's cohort function, the model (and its saved file)
   * is bit for bit the one core's local fit on the same rows gives.
   *
   * @throws IllegalStateException if the algorithm has no cohorts (checked before any Spark job)
   * @throws IllegalArgumentException if the algorithm's catalogue is not {@code data.catalogue()},
   *     a column of {@code cohorts} is missing or the cohort column not integral (before any Spark
   *     job), a customer is assigned twice or to a cohort outside the range (nothing is charged)
   * @throws io.privrec.dp.budget.PrivacyBudgetExceededException if {@code accountant} cannot afford
   *     the algorithm's budget (nothing is released)
   * @throws NullPointerException if an argument is null
   */
  public static DpPopularityModel dpPopularity(DpPopularity algorithm, SparkInteractions data,
      Dataset<Row> cohorts, String customer, String cohort, PrivacyAccountant accountant) {
    requireNonNull(algorithm, "algorithm");
    requireNonNull(data, "data");
    requireNonNull(cohorts, "cohorts");
    requireNonNull(customer, "customer");
    requireNonNull(cohort, "cohort");
    requireNonNull(accountant, "accountant");
    if (algorithm.numCohorts() == 0) {
      throw new IllegalStateException("a cohort assignment needs dp-popularity with cohorts: the algorithm has none");
    }
    DpPopularity onCatalogue = withCatalogue(algorithm, data, algorithm::withCatalogue);
    SparkInteractions bounded = boundedFor(algorithm, data);
    List<ItemCounts> byCohort = SparkStatistics.itemCountsByCohort(bounded, cohorts, customer, cohort,
        algorithm.numCohorts());
    return onCatalogue.fit(SparkStatistics.itemCounts(bounded), byCohort, FitListener.NONE, accountant);
  }

  /** {@code data} bounded to the algorithm's max-items-per-user (as it is if already bounded to at most that). */
  private static SparkInteractions boundedFor(DpPopularity algorithm, SparkInteractions data) {
    KeyedBounding bounding = boundingFor(data, algorithm.maxItemsPerUser());
    return bounding == null ? data : bounding.apply(data);
  }

  /**
   * {@link #ease(Ease, SparkInteractions, Execution)} on the partition path (which matters only for
   * {@code binarize=false}).
   *
   * @throws IllegalArgumentException if the catalogue has more than the algorithm's {@code
   *     max-items} (checked before any Spark job), or λ is too small for the sums (core's rule)
   * @throws NullPointerException if an argument is null
   */
  public static EaseModel ease(Ease algorithm, SparkInteractions data) {
    return ease(algorithm, data, Execution.PARTITIONS);
  }

  /**
   * The non-private EASE model ({@link Ease}) of {@code data}: Spark sums the Gram matrix exactly,
   * the driver inverts the regularised Gram matrix with core's code. Bit for bit the model {@code
   * ease.fit(data.toLocalMatrix(), ...)} gives, without collecting the rows. The driver needs about
   * {@code 12·n²} bytes for {@code n} catalogue items (the sums, then core's fit).
   * <ul>
   *   <li>{@code binarize=true}: the item pair counts ({@link SparkStatistics#itemPairCounts},
   *       DataFrame operations on either path).
   *   <li>{@code binarize=false}: the weighted sums ({@link SparkStatistics#itemPairSums} on {@code
   *       execution}): core's fixed-point products of the weights, with the scale core chooses
   *       from the data's item counts and largest weights, summed in {@code long}.
   * </ul>
   *
   * @throws IllegalArgumentException if the catalogue has more than the algorithm's {@code
   *     max-items} (checked before any Spark job), or λ is too small for the sums (core's rule)
   * @throws NullPointerException if an argument is null
   */
  public static EaseModel ease(Ease algorithm, SparkInteractions data, Execution execution) {
    requireNonNull(algorithm, "algorithm");
    requireNonNull(data, "data");
    requireNonNull(execution, "execution");
    if (data.catalogue().size() > algorithm.maxItems()) {
      throw new IllegalArgumentException("ease handles at most max-items = " + algorithm.maxItems()
          + " items; the catalogue has " + data.catalogue().size());
    }
    return algorithm.fit(algorithm.binarize() ? SparkStatistics.itemPairCounts(data)
        : SparkStatistics.itemPairSums(data, execution), FitListener.NONE);
  }

  /**
   * {@link #itemKnn(ItemKnn, SparkInteractions, Execution)} on the partition path.
   *
   * @throws IllegalStateException for {@code bm25} with {@code binarize=false} (no exact statistic)
   * @throws NullPointerException if an argument is null
   */
  public static ItemKnnModel itemKnn(ItemKnn algorithm, SparkInteractions data) {
    return itemKnn(algorithm, data, Execution.PARTITIONS);
  }

  /**
   * {@link #dpItemKnn(DpItemKnn, SparkInteractions, PrivacyAccountant, Execution)} with a fresh
   * accountant whose total is the algorithm's budget, on the partition path.
   *
   * @throws NullPointerException if an argument is null
   */
  public static DpItemKnnModel dpItemKnn(DpItemKnn algorithm, SparkInteractions data) {
    requireNonNull(algorithm, "algorithm");
    return dpItemKnn(algorithm, data, PrivacyAccountant.create(algorithm.budget()), Execution.PARTITIONS);
  }

  /**
   * {@link #dpEase(DpEase, SparkInteractions, PrivacyAccountant, Execution)} with a fresh
   * accountant whose total is the algorithm's budget, on the partition path.
   *
   * @throws NullPointerException if an argument is null
   */
  public static DpEaseModel dpEase(DpEase algorithm, SparkInteractions data) {
    requireNonNull(algorithm, "algorithm");
    return dpEase(algorithm, data, PrivacyAccountant.create(algorithm.budget()), Execution.PARTITIONS);
  }

  /**
   * The non-private item-kNN model ({@link ItemKnn}) of {@code data}: Spark counts items and
   * co-occurring pairs ({@link SparkStatistics#coCounts}) and, but for {@code none} with {@code
   * binarize=true}, sums the values in fixed point over them in a second pass:
   * <ul>
   *   <li>{@code binarize=true} (the default), {@code tfidf} (the default) or {@code bm25}: each
   *       customer's fixed-point {@code idf²} ({@link ItemKnn#valueSumsSpec(int)});
   *   <li>{@code binarize=false}, {@code none} or {@code tfidf}: first one aggregation by item (the
   *       customers holding it, its largest weight and the fewest items of a customer holding it),
   *       from which the driver chooses the scale {@code F} by core's rule ({@link
   *       ItemKnn#valueFractionBits}); then the products of each customer's values rounded to
   *       {@code 2^-F} by core's function ({@link ItemKnn#valueSumsSpec(int, int)}; in a typed
   *       {@code mapPartitions} or, on {@link Execution#DATA_FRAME}, a SQL function holding the
   *       spec), summed in {@code long}. The model keeps {@code F}.
   * </ul>
   * The driver selects the neighbours with core's code. Bit for bit the model {@code
   * itemKnn.fit(data.toLocalMatrix(), ...)} gives, without collecting the rows; the driver holds the
   * non-zero pairs only.
   *
   * @throws IllegalStateException for {@code bm25} with {@code binarize=false} (its item lengths
   *     are a floating-point sum over every customer: fit it locally); checked before any Spark job
   * @throws NullPointerException if an argument is null
   */
  public static ItemKnnModel itemKnn(ItemKnn algorithm, SparkInteractions data, Execution execution) {
    requireNonNull(algorithm, "algorithm");
    requireNonNull(data, "data");
    requireNonNull(execution, "execution");
    int n = data.catalogue().size();
    ItemCoCounts.Spec countSpec = algorithm.statisticsSpec(n); // refuses bm25 with binarize=false before any job
    ItemCoCounts.Spec sumSpec = null;
    if (algorithm.usesValueSums()) {
      if (algorithm.binarize()) {
        sumSpec = algorithm.valueSumsSpec(n);
      } else {
        SparkStatistics.ItemMaxima maxima = SparkStatistics.itemMaxima(data);
        sumSpec = algorithm.valueSumsSpec(n, algorithm.valueFractionBits(maxima.counts(), maxima.maxWeights(),
            maxima.minRowLengths()));
      }
    }
    ItemCoCounts counts = SparkStatistics.coCounts(data, countSpec, null, null, execution);
    ItemCoCounts sums = sumSpec == null ? null : SparkStatistics.coCounts(data, sumSpec, null, null, execution);
    return algorithm.fit(data.catalogue().items(), counts, sums, FitListener.NONE);
  }

  /**
   * Fits {@link DpItemKnn} on {@code data}: the rows are bounded on the executors to the
   * algorithm's {@code max-items-per-user} with a fresh {@link KeyedBounding} (unless {@code data}
   * is already bounded to at most that many items per customer), Spark sums the weighted item and
   * pair counts of the bounded rows ({@link DpItemKnn#statisticsSpec()}), and core's {@link
   * DpItemKnn#fit(ItemCoCounts, FitListener, PrivacyAccountant)} charges {@code accountant} and
   * adds the noise on the driver. The model indexes {@code data.catalogue()}; an algorithm without a
   * catalogue is given that one. With the insecure test source, on rows of at most {@code
   * max-items-per-user} items each, the model is bit for bit core's local fit on the same rows.
   *
   * @throws IllegalArgumentException if the algorithm's catalogue is not {@code data.catalogue()}
   * @throws io.privrec.dp.budget.PrivacyBudgetExceededException if {@code accountant} cannot afford
   *     the algorithm's budget (nothing is released)
   * @throws NullPointerException if an argument is null
   */
  public static DpItemKnnModel dpItemKnn(DpItemKnn algorithm, SparkInteractions data, PrivacyAccountant accountant,
      Execution execution) {
    requireNonNull(algorithm, "algorithm");
    requireNonNull(data, "data");
    requireNonNull(accountant, "accountant");
    requireNonNull(execution, "execution");
    DpItemKnn onCatalogue = withCatalogue(algorithm, data, algorithm::withCatalogue);
    ItemCoCounts counts = SparkStatistics.coCounts(data, onCatalogue.statisticsSpec(),
        boundingFor(data, algorithm.maxItemsPerUser()), null, execution);
    return onCatalogue.fit(counts, FitListener.NONE, accountant);
  }

  /**
   * Fits {@link DpEase} on {@code data}: core's {@link DpEase#fit(DpEase.StatisticsSource,
   * FitListener, PrivacyAccountant)} charges {@code accountant}, asks Spark for the bounded sums
   * each release needs (with candidate selection: the candidate counts, then, once the driver has
   * released them and chosen the candidates, the candidates' pair sums) and adds every noise sample
   * on the driver. The rows are bounded on the executors with one fresh {@link KeyedBounding} for
   * both requests (the same subsets), unless {@code data} is already bounded to at most {@code
   * max-items-per-user} items per customer. The model indexes {@code data.catalogue()}; an
   * algorithm without a catalogue is given that one. With the insecure test source, on rows of at
   * most {@code max-items-per-user} items each, the model is bit for bit core's local fit on the
   * same rows.
   *
   * @throws IllegalArgumentException if the algorithm's catalogue is not {@code data.catalogue()},
   *     core refuses the catalogue's size, or a dense triangle of {@code min(n, max-items)} items
   *     exceeds {@value SparkStatistics#MAX_DENSE_BYTES} (before anything is charged)
   * @throws io.privrec.dp.budget.PrivacyBudgetExceededException if {@code accountant} cannot afford
   *     the algorithm's budget (nothing is computed)
   * @throws NullPointerException if an argument is null
   */
  public static DpEaseModel dpEase(DpEase algorithm, SparkInteractions data, PrivacyAccountant accountant,
      Execution execution) {
    requireNonNull(algorithm, "algorithm");
    requireNonNull(data, "data");
    requireNonNull(accountant, "accountant");
    requireNonNull(execution, "execution");
    DpEase onCatalogue = withCatalogue(algorithm, data, algorithm::withCatalogue);
    // The pair release covers at most max-items candidates (all items without selection): checked
    // before anything is charged.
    DriverMemory.checkTriangle(data.rows().sparkSession(), "dp-ease's Gram matrix",
        Math.min(data.catalogue().size(), algorithm.options().maxItems()));
    KeyedBounding bounding = boundingFor(data, algorithm.maxItemsPerUser());
    return onCatalogue.fit((spec, candidates) -> SparkStatistics.coCounts(data, spec, bounding, candidates, execution),
        FitListener.NONE, accountant);
  }

  /** Checks that {@code data}'s catalogue is a model's {@code items} (same ids in the same order). */
  private static void checkCatalogue(IdIndex items, SparkInteractions data, String name) {
    if (!items.ids().equals(data.catalogue().items().ids())) {
      throw new IllegalArgumentException("the model's items (" + items.size() + ") must be the " + name + " rows'"
          + " catalogue (" + data.catalogue().size() + " items, same ids in the same order)");
    }
  }

  /** A fresh bounding to {@code m}, or null if {@code data} is already bounded to at most {@code m}. */
  private static KeyedBounding boundingFor(SparkInteractions data, int m) {
    return data.isBounded() && data.maxItemsPerCustomer() <= m ? null : KeyedBounding.withFreshKey(m);
  }

  /** {@code algorithm} on {@code data}'s catalogue, which must be its own if it has one. */
  private static <A extends PrivateAlgorithm> A withCatalogue(A algorithm, SparkInteractions data,
      Function<Catalogue, A> withCatalogue) {
    if (algorithm.catalogue().isEmpty()) {
      return withCatalogue.apply(data.catalogue());
    }
    if (!algorithm.catalogue().get().items().ids().equals(data.catalogue().items().ids())) {
      throw new IllegalArgumentException("the algorithm's catalogue (" + algorithm.catalogue().get().size()
          + " items) must be the data's catalogue (" + data.catalogue().size() + " items, same ids in the same order)");
    }
    return algorithm;
  }
}
