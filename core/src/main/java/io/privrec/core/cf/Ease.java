package io.privrec.core.cf;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.Params;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.FitListener;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * EASE, the embarrassingly shallow autoencoder (Steck 2019): a dense item-to-item weight matrix
 * learnt in closed form.
 *
 * <h2>Definition</h2>
 * With {@code X} the users × items matrix (1 per interaction when {@link #binarize()}, the
 * default; else the weights) and {@code λ > 0}, {@code P = (XᵀX + λI)⁻¹} and {@code B = I −
 * P·diag(1/diag(P))}, i.e. {@code B[j][t] = −P[j][t] / P[t][t]} and {@code B[t][t] = 0}: the
 * least-squares solution of {@code min ‖X − XB‖² + λ‖B‖²} subject to a zero diagonal. A profile
 * {@code (j, x_j)} scores item {@code t} as {@code Σ_j x_j · B[j][t]}. Weights can be negative
 * (an item that predicts the absence of another).
 *
 * <h2>Parameters ({@link io.privrec.core.cf.Algorithms} keys)</h2>
 * <ul>
 *   <li>{@code lambda}: L2 regularisation, finite, in (0, 1e12]; default {@value #DEFAULT_LAMBDA},
 *       tuned for NDCG@10 on three validation splits carved from the training part of MovieLens
 *       100K (ratings ≥ 4 as positives), where the optimum is flat (measured figures: {@code
 *       docs/tuning.md}). λ grows with the data: Steck reports 200–3,000
 *       for MovieLens 20M, Netflix and MSD; tune it on your store's data. {@link #fit} also
 *       requires {@code λ ≥ 1e-12 · max_i Σ_u x_ui²} (the largest diagonal entry of {@code XᵀX}),
 *       checked before the inverse: below it λ vanishes in double-precision rounding, as with
 *       unbinarized weights near {@code Float.MAX_VALUE}.
 *   <li>{@code max-items}: integer in [1, 46,340], default {@value #DEFAULT_MAX_ITEMS}; fitting a
 *       larger catalogue fails with a clear error before any allocation.
 *   <li>{@code binarize}: {@code true} | {@code false}, default true.
 * </ul>
 * {@code lambda} and {@code max-items} form one {@link EaseOptions} value, shared with {@link
 * io.privrec.core.cf.dp.DpEase}.
 *
 * <h2>The Gram matrix</h2>
 * {@code XᵀX} is summed exactly in {@code long}, then converted to double once: with {@code
 * binarize=true} the number of customers holding each pair of items, with {@code binarize=false}
 * the products {@code x_ui · x_uj}, each rounded to a multiple of {@code 2^-F} with {@code F} chosen
 * from the data so that no sum can overflow while a sum as large as the bound keeps 61 bits ({@link
 * ItemPairCounts} documents the rule and the error bound). So the fit is the same bit for bit
 * however the rows are split and merged — locally, or from sums computed elsewhere ({@link
 * #fit(ItemPairCounts, FitListener)}). Weighted results differ from a plain double-precision sum
 * of the products by that rounding only.
 *
 * <h2>Cost</h2>
 * Memory: {@code 4n² + 4n²} bytes for {@code n} items during the fit (the lower triangle of the
 * Gram matrix in double precision, then {@code B} in single precision) — 3.2 GB at 20,000 items;
 * the model keeps {@code 4n²}. Time: {@code O(Σ_u |I(u)|²)} for the Gram matrix plus {@code n³}
 * flops for the inverse (a blocked, multi-threaded sweep), so fit time grows with the cube of the
 * catalogue (measured times: {@code docs/tuning.md}). The inverse's inner kernel uses the Vector
 * API when the JVM runs with {@code --add-modules jdk.incubator.vector} and plain loops otherwise;
 * the two give the same weights up to floating-point rounding. Scoring: {@code O(|profile| · n)}.
 *
 * <p>Immutable and thread-safe.
 *
 * <h2>References</h2>
 * <ul>
 *   <li>Steck: Embarrassingly shallow autoencoders for sparse data. WWW 2019.
 * </ul>
 */
public final class Ease implements Algorithm {
  /** Default L2 regularisation. */
  public static final double DEFAULT_LAMBDA = 400.0;
  /** Default largest catalogue. */
  public static final int DEFAULT_MAX_ITEMS = 20_000;
  /** Hard limit: {@code n²} weights must fit one Java array. */
  public static final int LIMIT_ITEMS = 46_340;

  private final EaseOptions options;
  private final boolean binarize;

  private Ease(EaseOptions options, boolean binarize) {
    this.options = options;
    this.binarize = binarize;
  }

  /** EASE with the default parameters. */
  public static Ease create() {
    return of(EaseOptions.defaults(), true);
  }

  /**
   * EASE with the given parameters.
   *
   * @param lambda L2 regularisation, finite and {@code > 0}
   * @param maxItems largest catalogue accepted by {@link #fit}, in {@code [1, 46340]}
   * @param binarize whether weights are replaced by 1
   * @throws IllegalArgumentException if a value is out of range
   */
  public static Ease of(double lambda, int maxItems, boolean binarize) {
    return of(new EaseOptions(positive(lambda), maxItems), binarize);
  }

  /**
   * EASE with the given options (e.g. those of a {@link io.privrec.core.cf.dp.DpEase}).
   *
   * @param options λ and the largest catalogue; EASE needs {@code λ > 0}
   * @param binarize whether weights are replaced by 1
   * @throws IllegalArgumentException if {@code options.lambda()} is 0
   * @throws NullPointerException if {@code options} is null
   */
  public static Ease of(EaseOptions options, boolean binarize) {
    positive(options.lambda());
    return new Ease(options, binarize);
  }

  /** EASE's own rule on λ (the record also accepts 0): the ridge {@code XᵀX + λI} needs {@code λ > 0}. */
  private static double positive(double lambda) {
    if (!(lambda > 0 && lambda <= EaseOptions.MAX_LAMBDA)) {
      throw CorePreconditions.fail("lambda", "must be finite and in (0, 1e12]", lambda);
    }
    return lambda;
  }

  /**
   * Creates the algorithm from {@code key=value} parameters, as {@link Algorithms#create} does
   * for {@code "ease"}: reads {@code lambda}, {@code max-items} and {@code binarize}; missing keys take their defaults.
   *
   * @throws IllegalArgumentException for a malformed or out-of-range value or an unknown key
   */
  public static Ease fromParams(Map<String, String> params) {
    return Algorithms.read("ease", params, Ease::fromParams);
  }

  /**
   * Reads {@code lambda}, {@code max-items} and {@code binarize} (unknown keys are rejected by
   * {@code Params#checkNoneUnknown()}).
   *
   * @throws IllegalArgumentException for a bad value
   */
  static Ease fromParams(Params params) {
    double lambda = params.number("lambda", DEFAULT_LAMBDA, 0, EaseOptions.MAX_LAMBDA);
    int maxItems = params.integer("max-items", DEFAULT_MAX_ITEMS, 1, LIMIT_ITEMS);
    boolean binarize = params.bool("binarize", true);
    return of(lambda, maxItems, binarize);
  }

  @Override
  public String name() {
    return "ease";
  }

  @Override
  public Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("lambda", Double.toString(options.lambda()));
    p.put("max-items", Integer.toString(options.maxItems()));
    p.put("binarize", Boolean.toString(binarize));
    return p;
  }

  /**
   * Fits the model. Progress stages: {@code gram} (to 0.05), {@code inverse} (to 0.95), {@code
   * weights} (to 1.0).
   *
   * @throws IllegalArgumentException if {@code train} has more than {@code max-items} items, or if
   *     λ is below {@code 1e-12 · max_i Σ_u x_ui²} (weights too large for λ; see the class
   *     documentation)
   */
  @Override
  public EaseModel fit(InteractionMatrix train, FitListener listener) {
    requireNonNull(train, "train");
    requireNonNull(listener, "listener");
    checkSize(train.numItems());
    return EaseModel.fit(this, train, listener);
  }

  /**
   * Fits from the Gram matrix's exact sums computed elsewhere (for example by a cluster): the model
   * indexes {@code counts.items()}. With {@code binarize=true} they must be counts, with {@code
   * binarize=false} weighted sums. For the statistic of a matrix ({@link
   * ItemPairCounts#of(InteractionMatrix)}, or {@link ItemPairCounts#ofWeights(InteractionMatrix)}
   * when not binarized, or the same sums computed elsewhere) the model is bit for bit the one {@link
   * #fit(InteractionMatrix, FitListener)} gives on that matrix. Progress stages: {@code inverse},
   * {@code weights}.
   *
   * @throws IllegalStateException if the statistic is not of this configuration's kind (weighted sums
   *     for {@code binarize=false}, counts otherwise)
   * @throws IllegalArgumentException as {@link #fit(InteractionMatrix, FitListener)} does, for too
   *     many items or a λ too small for the sums
   * @throws NullPointerException if an argument is null
   */
  public EaseModel fit(ItemPairCounts counts, FitListener listener) {
    requireNonNull(counts, "counts");
    requireNonNull(listener, "listener");
    if (counts.weighted() == binarize) {
      throw new IllegalStateException(binarize
          ? "ease with binarize=true needs item pair counts (ItemPairCounts.of or builder); these are weighted sums"
          : "ease with binarize=false needs weighted item pair sums (ItemPairCounts.ofWeights or weightedBuilder);"
              + " these are counts");
    }
    checkSize(counts.numItems());
    return EaseModel.fromGram(this, counts.items(), counts.lowerTriangle(), listener);
  }

  void checkSize(int numItems) {
    int maxItems = options.maxItems();
    if (numItems > maxItems) {
      throw new IllegalArgumentException("ease handles at most max-items = " + maxItems + " items (dense n×n weights,"
          + " about 8·n² bytes while fitting); the data has " + numItems + " items. Raise max-items (at most "
          + LIMIT_ITEMS + ") if memory allows, or use item-knn or ials");
    }
  }

  /** λ and the largest catalogue (shared with {@link io.privrec.core.cf.dp.DpEase}). */
  public EaseOptions options() {
    return options;
  }

  /** The L2 regularisation λ. */
  public double lambda() {
    return options.lambda();
  }

  /** The largest catalogue accepted. */
  public int maxItems() {
    return options.maxItems();
  }

  /** Whether weights are replaced by 1. */
  public boolean binarize() {
    return binarize;
  }

  float value(float weight) {
    return binarize ? 1f : weight;
  }

  @Override
  public String toString() {
    return "ease" + parameters();
  }
}
