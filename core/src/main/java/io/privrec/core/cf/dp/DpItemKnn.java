package io.privrec.core.cf.dp;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.ItemCoCounts;
import io.privrec.core.cf.ItemKnnOptions;
import io.privrec.core.cf.dp.internal.BoundingRows;
import io.privrec.core.cf.dp.internal.DpItemKnnGaussian;
import io.privrec.core.cf.dp.internal.DpItemKnnNoise;
import io.privrec.core.cf.dp.internal.DpItemKnnRelease;
import io.privrec.core.cf.internal.Params;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.model.FitListener;
import io.privrec.dp.budget.BudgetRequest;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.budget.PrivacyCost;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Differentially private item-based kNN (McSherry &amp; Mironov, "Differentially private
 * recommender systems", KDD 2009, style): noisy item-pair co-occurrence counts and item counts are
 * released once over a public catalogue, cosine similarities are computed from the noisy
 * statistics alone, and each customer is scored from her own profile against the private
 * similarity model.
 *
 * <h2>Guarantee</h2>
 * The released statistics (kept pairs with their noisy counts, noisy item counts, hence every
 * similarity and the popularity prior) are (ε, δ)-differentially private for add/remove-one-customer
 * neighbours, the privacy unit being one customer and all her interactions. The catalogue ({@link
 * Builder#catalogue}, required) is public: the model indexes exactly its items in its order, and
 * interactions on other items are dropped before fitting, so no released value, length or order
 * depends on which items outside it occur in the data. The fitted {@link DpItemKnnModel} is the
 * release and nothing else (no customer's row or id) and may be published. Scoring a customer from
 * her own profile and the released model is joint differential privacy (Kearns et al., ITCS 2014):
 * what one customer sees depends on the others only through the private release.
 *
 * <h2>Mechanism and proof sketch</h2>
 * <ol>
 *   <li><b>Bounding.</b> Each user keeps {@code m = max-items-per-user} of her items, a uniform
 *       subset ({@link BoundingRows}); weights are dropped. With {@code P(u) = k(k−1)/2} pairs for a
 *       user keeping {@code k} items and resolution {@code R = }{@value #RESOLUTION}, her pair
 *       weight is {@code a(u) = ⌊R/√P(u)⌋} and her item weight {@code b(u) = ⌊R/√k⌋} ({@code
 *       weighting = l2}; the McSherry–Mironov per-user normalisation in L2 form, on integers), or
 *       {@code a = b = 1} ({@code weighting = none}).
 *   <li><b>Sensitivity.</b> Adding or removing one user changes the pair-count vector {@code
 *       W(i,j) = Σ_u a(u)[i, j ∈ row(u)]} by {@code a(u)} on her {@code P(u)} pairs: L2 norm
 *       {@code a(u)√P(u) <= R} (or {@code √(m(m−1)/2)} unweighted); the item-count vector by
 *       {@code b(u)} on her {@code k} items: L2 norm {@code <= R} (or {@code √m}). Other users'
 *       bounded rows have the same distribution with or without her.
 *   <li><b>Noise.</b> Independent discrete Gaussian noise {@code N_Z(0, V)} on every coordinate of
 *       both vectors, with {@code V >= Δ²/(2ρ)}, is ρ-zCDP per vector (Canonne, Kamath &amp; Steinke,
 *       NeurIPS 2020, Thm. 4; Rényi divergences of independent coordinates add). The pairs get
 *       {@code ρ(1 − item-share)}, the items {@code ρ·item-share}; zCDP composes additively (Bun
 *       &amp; Steinke, TCC 2016, Lemma 2.3). ρ is the largest value whose conversion by the
 *       {@link PrivacyAccountant} fits (ε, δ); the two releases are charged as Gaussian costs
 *       before any statistic is computed.
 *   <li><b>Sparse release.</b> A pair is kept iff its noisy count exceeds {@code τ = ⌈threshold ·
 *       √V⌉}, which is post-processing of the full noisy vector; {@link DpItemKnnRelease} draws
 *       exactly that distribution in time linear in the non-zero and kept pairs, without
 *       materialising {@code n²} noise values (zero pairs: exact binomial count, uniform positions,
 *       exact conditional tail; see {@link DpItemKnnGaussian}).
 *   <li><b>Similarity.</b> With the released pair value {@code C(i,j)} and noisy item counts
 *       {@code c(i)} (both divided by {@code R} under {@code l2} weighting, negative counts read as
 *       0): {@code sim = C / (√(c(i)c(j)) +
 *       shrink)}; each target keeps its {@code neighbours} most similar items; score {@code s(t) =
 *       Σ_{j ∈ profile} sim(t, j) + two-hop-weight · Σ_k f(k) sim(t, k) + popularity-weight ·
 *       c(t)/max c} with {@code f} the first sum ({@link DpItemKnnModel}). All post-processing.
 * </ol>
 *
 * <h2>Parameters ({@link io.privrec.core.cf.Algorithms} keys)</h2>
 * <ul>
 *   <li>{@code epsilon} in (0, 100], default {@value #DEFAULT_EPSILON}; {@code delta} in (0, 0.01],
 *       default {@value #DEFAULT_DELTA};
 *   <li>{@code max-items-per-user} in [2, 10,000], default {@value #DEFAULT_MAX_ITEMS_PER_USER};
 *   <li>{@code weighting} = {@code l2} | {@code none}, default {@code l2};
 *   <li>{@code item-share} in [0.01, 0.99], default {@value #DEFAULT_ITEM_SHARE};
 *   <li>{@code threshold} in [2, 40] noise standard deviations, default {@value
 *       #DEFAULT_THRESHOLD};
 *   <li>{@code neighbours} in [1, 100,000], default {@value #DEFAULT_NEIGHBOURS}; {@code shrink} in
 *       [0, 1e9], default {@value #DEFAULT_SHRINK} (together one {@link ItemKnnOptions} value, shared
 *       with {@link io.privrec.core.cf.ItemKnn}); {@code popularity-weight} in [0, 1e6], default
 *       {@value #DEFAULT_POPULARITY_WEIGHT}; {@code two-hop-weight} in [0, 1e6], default {@value
 *       #DEFAULT_TWO_HOP_WEIGHT}.
 * </ul>
 * Defaults were tuned on a validation split carved from the training part of the synthetic store at
 * ε = 1 and 5 (see the benchmarks module's privacy–utility runner and {@code docs/tuning.md}).
 *
 * <h2>Randomness</h2>
 * Bounding and noise draw from {@link RandomSources#secure()}. {@link
 * Builder#insecureReproducibleForTesting(long)} switches to a seeded source for tests: it voids
 * the guarantee and is not reachable from {@link #fromParams}.
 *
 * <h2>Cost</h2>
 * Fit {@code O(Σ_u min(|row(u)|, m)² + kept pairs + n + √V)} time, memory {@code O(non-zero pairs +
 * kept pairs + n)}; no array of size {@code n²}. Scoring as non-private item-kNN.
 *
 * <p>Immutable and thread-safe.
 *
 * <h2>References</h2>
 * <ul>
 *   <li>McSherry, Mironov: Differentially private recommender systems. KDD 2009.
 *   <li>Canonne, Kamath, Steinke: The discrete Gaussian for differential privacy. NeurIPS 2020.
 *   <li>Bun, Steinke: Concentrated differential privacy. TCC 2016.
 *   <li>Kearns, Pai, Roth, Ullman: Mechanism design in large games. ITCS 2014 (joint DP).
 * </ul>
 */
public final class DpItemKnn extends AbstractPrivateAlgorithm {
  /** Default ε. */
  public static final double DEFAULT_EPSILON = 1.0;
  /** Default δ. */
  public static final double DEFAULT_DELTA = 1e-6;
  /** Default bound on items kept per user. */
  public static final int DEFAULT_MAX_ITEMS_PER_USER = 50;
  /** Default share of ρ spent on item counts. */
  public static final double DEFAULT_ITEM_SHARE = 0.1;
  /** Default release threshold, in noise standard deviations. */
  public static final double DEFAULT_THRESHOLD = 4.5;
  /** Default neighbours per target. */
  public static final int DEFAULT_NEIGHBOURS = 100;
  /** Default shrinkage. */
  public static final double DEFAULT_SHRINK = 10.0;
  /** Default weight of the two-hop term in scores. */
  public static final double DEFAULT_TWO_HOP_WEIGHT = 3.0;
  /** Default weight of the popularity prior in scores. */
  public static final double DEFAULT_POPULARITY_WEIGHT = 0.1;
  /** Integer resolution of the per-user weights. */
  public static final long RESOLUTION = 1024;
  /** Largest expected number of zero pairs passing the threshold that a fit accepts. */
  static final double MAX_EXPECTED_SPURIOUS_PAIRS = 5e7;

  /** Per-user weighting of the bounded rows. */
  public enum Weighting {
    /** Every kept item and pair counts 1. */
    NONE,
    /** Each user's pair and item vectors are scaled to L2 norm at most 1 (times the resolution). */
    L2;

    /** The parameter value, e.g. {@code l2}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Weighting weighting;
  private final double itemShare;
  private final double threshold;
  private final ItemKnnOptions options;
  private final double popularityWeight;
  private final double twoHopWeight;
  private final Function<RandomSource, DpItemKnnNoise> noiseFactory;

  private DpItemKnn(PrivacySettings privacy, Weighting weighting, double itemShare, double threshold,
      ItemKnnOptions options, double popularityWeight, double twoHopWeight,
      Function<RandomSource, DpItemKnnNoise> noiseFactory) {
    super(privacy);
    this.weighting = weighting;
    this.itemShare = itemShare;
    this.threshold = threshold;
    this.options = options;
    this.popularityWeight = popularityWeight;
    this.twoHopWeight = twoHopWeight;
    this.noiseFactory = noiseFactory;
  }

  @Override
  public DpItemKnn withCatalogue(Catalogue catalogue) {
    return new DpItemKnn(privacyWith(catalogue), weighting, itemShare, threshold, options, popularityWeight,
        twoHopWeight, noiseFactory);
  }

  /** A builder with the default parameters. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the parameters listed in the class documentation (never the insecure test source).
   *
   * @throws IllegalArgumentException for a malformed or out-of-range value or an unknown key
   */
  public static DpItemKnn fromParams(Map<String, String> params) {
    return readParams("dp-item-knn", params, p -> paramsBuilder(p, 100, 0.01).build());
  }

  /**
   * The builder a model file's parameters describe (see {@link PrivateModelFiles}): the keys of
   * {@link #fromParams} with the builder's own limits on ε and δ (never the insecure source).
   */
  static Builder savedBuilder(Params params) {
    return paramsBuilder(params, Double.MAX_VALUE, 1);
  }

  /** The builder {@link #fromParams} fills, with the given upper bounds on ε and δ. */
  private static Builder paramsBuilder(Params params, double maxEpsilon, double maxDelta) {
    Builder b = builder().budgetParams(params, maxEpsilon, maxDelta);
    b.weighting(Weighting.valueOf(params.choice("weighting", "l2", "l2", "none").toUpperCase(Locale.ROOT)));
    b.itemShare(params.number("item-share", DEFAULT_ITEM_SHARE, 0.01, 0.99));
    b.threshold(params.number("threshold", DEFAULT_THRESHOLD, 2, 40));
    b.neighbours(params.integer("neighbours", DEFAULT_NEIGHBOURS, 1, 100_000));
    b.shrink(params.number("shrink", DEFAULT_SHRINK, 0, 1e9));
    b.popularityWeight(params.number("popularity-weight", DEFAULT_POPULARITY_WEIGHT, 0, 1e6));
    b.twoHopWeight(params.number("two-hop-weight", DEFAULT_TWO_HOP_WEIGHT, 0, 1e6));
    return b;
  }

  @Override
  public String name() {
    return "dp-item-knn";
  }

  @Override
  void putParameters(Map<String, String> p) {
    p.put("weighting", weighting.key());
    p.put("item-share", Double.toString(itemShare));
    p.put("threshold", Double.toString(threshold));
    p.put("neighbours", Integer.toString(options.neighbours()));
    p.put("shrink", Double.toString(options.shrink()));
    p.put("popularity-weight", Double.toString(popularityWeight));
    p.put("two-hop-weight", Double.toString(twoHopWeight));
  }

  @Override
  String mechanism() {
    return "discrete-gaussian (zCDP): thresholded item-pair co-occurrence counts and item counts";
  }

  /** Fits with a fresh accountant whose total is exactly {@link #budget()}. */
  @Override
  public DpItemKnnModel fit(InteractionMatrix train, FitListener listener) {
    return fit(train, listener, PrivacyAccountant.create(budget()));
  }

  /**
   * Fits the model on {@code train} restricted to the catalogue. Progress stages: {@code
   * bounding}, {@code co-occurrence} (to 0.6), {@code release} (to 0.9), {@code neighbours} (to
   * 1.0).
   *
   * @throws IllegalStateException if no catalogue is set (nothing is charged)
   * @throws io.privrec.dp.budget.PrivacyBudgetExceededException if {@code accountant} cannot afford
   *     {@link #budget()} (nothing is computed or released)
   * @throws IllegalArgumentException if the catalogue is so large that the threshold would let more
   *     than 5·10⁷ zero pairs through on average (raise {@code threshold})
   */
  @Override
  public DpItemKnnModel fit(InteractionMatrix train, FitListener listener, PrivacyAccountant accountant) {
    requireNonNull(train, "train");
    requireNonNull(listener, "listener");
    requireNonNull(accountant, "accountant");
    InteractionMatrix data = onCatalogue(train);
    ItemCoCounts.Spec spec = statisticsSpec();
    Calibration c = charge(data.numItems(), accountant);
    RandomSource random = source();
    listener.progress("bounding", 0.0);
    BoundingRows rows = BoundingRows.sample(data, maxItemsPerUser, random);
    ItemCoCounts counts = ItemCoCounts.ofRows(spec, rows.pointers(), rows.items(), listener, 0.0, 0.6);
    return release(counts, c, random, listener);
  }

  /**
   * The sufficient statistic of this configuration over its catalogue: rows bounded to {@code
   * max-items-per-user} items, a row of {@code k} items adding its pair weight {@code a(k)} to each
   * of its pairs and its item weight {@code b(k)} to each of its items (see the class
   * documentation: {@code ⌊R/√(k(k−1)/2)⌋} and {@code ⌊R/√k⌋} under {@code l2}, 1 under {@code
   * none}).
   *
   * @throws IllegalStateException if no catalogue is set
   */
  public ItemCoCounts.Spec statisticsSpec() {
    int n = requireCatalogue().size();
    long[] pairWeights = new long[maxItemsPerUser + 1];
    long[] itemWeights = new long[maxItemsPerUser + 1];
    for (int k = 0; k <= maxItemsPerUser; k++) {
      long pairs = (long) k * (k - 1) / 2;
      if (weighting == Weighting.NONE) {
        pairWeights[k] = 1;
        itemWeights[k] = 1;
      } else {
        // ⌊R/√P⌋ = ⌊√⌊R²/P⌋⌋, so a²P <= R² exactly.
        pairWeights[k] = pairs == 0 ? 0 : isqrt(RESOLUTION * RESOLUTION / pairs);
        itemWeights[k] = k == 0 ? 0 : isqrt(RESOLUTION * RESOLUTION / k);
      }
    }
    return ItemCoCounts.Spec.bounded(n, maxItemsPerUser, itemWeights, pairWeights);
  }

  /**
   * Fits from bounded sums computed elsewhere (for example by a cluster that bounded every
   * customer's row to {@code max-items-per-user} items with a rule reading her own row only):
   * charges {@code accountant}, then draws the noise on this thread and releases the model, as
   * {@link #fit(InteractionMatrix, FitListener, PrivacyAccountant)} does after its own bounding. The
   * guarantee of the class documentation holds for the rows the sums were computed from. With the
   * insecure test source and sums of rows that the local bounding keeps whole (at most {@code
   * max-items-per-user} items each), the model is bit for bit the local fit's on those rows.
   * Progress stages: {@code release} (to 0.9), {@code neighbours} (to 1.0).
   *
   * @throws IllegalStateException if no catalogue is set (nothing is charged)
   * @throws IllegalArgumentException if {@code counts} were not summed with {@link #statisticsSpec()}
   *     or the catalogue is too large for the threshold (nothing is charged)
   * @throws io.privrec.dp.budget.PrivacyBudgetExceededException if {@code accountant} cannot afford
   *     {@link #budget()} (nothing is released)
   * @throws NullPointerException if an argument is null
   */
  public DpItemKnnModel fit(ItemCoCounts counts, FitListener listener, PrivacyAccountant accountant) {
    requireNonNull(counts, "counts");
    requireNonNull(listener, "listener");
    requireNonNull(accountant, "accountant");
    ItemCoCounts.Spec spec = statisticsSpec();
    if (!counts.spec().equals(spec)) {
      throw new IllegalArgumentException("counts must be summed with dp-item-knn's spec " + spec + " (same weights)."
          + " Provided: " + counts.spec());
    }
    Calibration c = charge(spec.numItems(), accountant);
    return release(counts, c, source(), listener);
  }

  /** Calibrates for {@code numItems} and charges both releases (all or nothing). */
  private Calibration charge(int numItems, PrivacyAccountant accountant) {
    Calibration c = calibrate(numItems);
    accountant.allocateAll(List.of(
        BudgetRequest.of("dp-item-knn co-occurrence counts",
            PrivacyCost.gaussian(c.pairNoise.sigma() / c.pairSensitivity).withMechanism("discrete-gaussian")),
        BudgetRequest.of("dp-item-knn item counts",
            PrivacyCost.gaussian(c.itemNoise.sigma() / c.itemSensitivity).withMechanism("discrete-gaussian"))));
    return c;
  }

  /** The noisy release of charged sums, and the model; noise from {@code random}. */
  private DpItemKnnModel release(ItemCoCounts counts, Calibration c, RandomSource random, FitListener listener) {
    DpItemKnnRelease.CoCounts co = new DpItemKnnRelease.CoCounts(counts.pairPointers(), counts.pairColumns(),
        counts.pairSums());
    listener.progress("release", 0.6);
    DpItemKnnRelease release = DpItemKnnRelease.release(co, counts.itemSums(), c.pairNoise, c.threshold, c.itemNoise,
        noiseFactory.apply(random));
    listener.progress("neighbours", 0.9);
    double scale = weighting == Weighting.NONE ? 1 : RESOLUTION;
    DpItemKnnModel model = DpItemKnnModel.create(this, release, scale);
    listener.progress("neighbours", 1.0);
    return model;
  }

  /** Noise parameters for a catalogue of {@code numItems}; depends on public values only. */
  Calibration calibrate(int numItems) {
    double rho = largestRho(epsilon, delta);
    long pairSensitivitySquared = weighting == Weighting.NONE
        ? (long) maxItemsPerUser * (maxItemsPerUser - 1) / 2
        : RESOLUTION * RESOLUTION;
    long itemSensitivitySquared = weighting == Weighting.NONE ? maxItemsPerUser : RESOLUTION * RESOLUTION;
    DpItemKnnGaussian pairNoise = DpItemKnnGaussian.ofVariance(
        variance(pairSensitivitySquared, rho * (1 - itemShare)));
    DpItemKnnGaussian itemNoise = DpItemKnnGaussian.ofVariance(variance(itemSensitivitySquared, rho * itemShare));
    long tau = (long) Math.ceil(threshold * pairNoise.sigma());
    double pairs = (double) numItems * (numItems - 1) / 2;
    double expectedSpurious = pairs * pairNoise.tailProbabilityBounds(tau)[1].doubleValue();
    if (!(expectedSpurious <= MAX_EXPECTED_SPURIOUS_PAIRS)) {
      throw new IllegalArgumentException("threshold " + threshold + " lets about " + (long) expectedSpurious
          + " zero pairs of " + numItems + " items through (at most " + (long) MAX_EXPECTED_SPURIOUS_PAIRS
          + " allowed); raise threshold");
    }
    return new Calibration(pairNoise, Math.sqrt((double) pairSensitivitySquared), tau, itemNoise,
        Math.sqrt((double) itemSensitivitySquared));
  }

  /** Noise of one fit. */
  record Calibration(DpItemKnnGaussian pairNoise, double pairSensitivity, long threshold,
      DpItemKnnGaussian itemNoise, double itemSensitivity) {}

  /** Smallest integer {@code V >= Δ²/(2ρ)}, computed exactly. */
  private static long variance(long sensitivitySquared, double rho) {
    BigDecimal v = new BigDecimal(sensitivitySquared)
        .divide(new BigDecimal(rho).multiply(BigDecimal.valueOf(2)), new MathContext(40, RoundingMode.CEILING))
        .setScale(0, RoundingMode.CEILING);
    if (v.compareTo(BigDecimal.valueOf(DpItemKnnGaussian.MAX_VARIANCE)) > 0) {
      throw new IllegalArgumentException("epsilon is too small for this mechanism: noise variance " + v
          + " exceeds 2^50");
    }
    return Math.max(1, v.longValueExact());
  }

  /**
   * The largest ρ (to a relative 1e-9, rounded down) such that an accountant with total (ε, δ)
   * grants a ρ-zCDP spend: the same conversion the caller's accountant applies.
   */
  static double largestRho(double epsilon, double delta) {
    double[] cached = lastRho;
    if (cached != null && cached[0] == epsilon && cached[1] == delta) {
      return cached[2];
    }
    PrivacyAccountant probe = PrivacyAccountant.create(PrivacyBudget.of(epsilon, delta));
    double lo = 0;
    double hi = epsilon;
    while (hi - lo > 1e-9 * hi) {
      double mid = (lo + hi) / 2;
      if (probe.canAllocate(PrivacyCost.zcdp(mid))) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    if (!(lo > 0)) {
      throw new IllegalArgumentException("(epsilon, delta) = (" + epsilon + ", " + delta
          + ") admits no Gaussian release");
    }
    lastRho = new double[] {epsilon, delta, lo};
    return lo;
  }

  /** The last {@link #largestRho} result as {ε, δ, ρ} (a pure function, so a benign race). */
  private static volatile double[] lastRho;

  private static long isqrt(long x) {
    long r = (long) Math.sqrt((double) x);
    while (r * r > x) {
      r--;
    }
    while ((r + 1) * (r + 1) <= x) {
      r++;
    }
    return r;
  }

  /** Per-user weighting. */
  public Weighting weighting() {
    return weighting;
  }

  /** Share of ρ spent on item counts. */
  public double itemShare() {
    return itemShare;
  }

  /** Release threshold in noise standard deviations. */
  public double threshold() {
    return threshold;
  }

  /** The neighbourhood hyperparameters (shared with {@link io.privrec.core.cf.ItemKnn}). */
  public ItemKnnOptions options() {
    return options;
  }

  /** Weight of the normalised noisy popularity in scores. */
  public double popularityWeight() {
    return popularityWeight;
  }

  /** Weight of the two-hop term in scores. */
  public double twoHopWeight() {
    return twoHopWeight;
  }

  /** Builder of {@link DpItemKnn}; not thread-safe. */
  public static final class Builder extends PrivateBuilder<Builder> implements ItemKnnOptions.Setters<Builder> {
    private Weighting weighting = Weighting.L2;
    private double itemShare = DEFAULT_ITEM_SHARE;
    private double threshold = DEFAULT_THRESHOLD;
    private ItemKnnOptions options = new ItemKnnOptions(DEFAULT_NEIGHBOURS, DEFAULT_SHRINK);
    private double popularityWeight = DEFAULT_POPULARITY_WEIGHT;
    private double twoHopWeight = DEFAULT_TWO_HOP_WEIGHT;
    private Function<RandomSource, DpItemKnnNoise> noiseFactory = DpItemKnnNoise::exact;

    private Builder() {
      super(DEFAULT_EPSILON, DEFAULT_DELTA, DEFAULT_MAX_ITEMS_PER_USER, 2);
    }

    /** Sets the per-user weighting. */
    public Builder weighting(Weighting weighting) {
      this.weighting = requireNonNull(weighting, "weighting");
      return this;
    }

    /**
     * Sets the share of ρ spent on item counts.
     *
     * @throws IllegalArgumentException unless in {@code [0.01, 0.99]}
     */
    public Builder itemShare(double itemShare) {
      this.itemShare = CorePreconditions.checkInRange("item-share", itemShare, 0.01, 0.99);
      return this;
    }

    /**
     * Sets the release threshold in noise standard deviations.
     *
     * @throws IllegalArgumentException unless in {@code [2, 40]}
     */
    public Builder threshold(double threshold) {
      this.threshold = CorePreconditions.checkInRange("threshold", threshold, 2, 40);
      return this;
    }

    /**
     * Sets the neighbourhood hyperparameters (e.g. the options of an {@link
     * io.privrec.core.cf.ItemKnn}); default {@value #DEFAULT_NEIGHBOURS} neighbours, shrinkage
     * {@value #DEFAULT_SHRINK}.
     *
     * @throws NullPointerException if {@code options} is null
     */
    @Override
    public Builder options(ItemKnnOptions options) {
      this.options = requireNonNull(options, "options");
      return this;
    }

    @Override
    public ItemKnnOptions options() {
      return options;
    }

    /**
     * Sets the weight of the popularity prior.
     *
     * @throws IllegalArgumentException unless finite and {@code >= 0}
     */
    public Builder popularityWeight(double popularityWeight) {
      this.popularityWeight = CorePreconditions.checkNonNegative("popularity-weight", popularityWeight);
      return this;
    }

    /**
     * Sets the weight of the two-hop term (0: first-order scores only).
     *
     * @throws IllegalArgumentException unless finite and {@code >= 0}
     */
    public Builder twoHopWeight(double twoHopWeight) {
      this.twoHopWeight = CorePreconditions.checkNonNegative("two-hop-weight", twoHopWeight);
      return this;
    }

    /**
     * Draws bounding and noise from {@link RandomSources#insecureReproducibleForTesting(long)} with
     * {@code seed}, a fresh stream per fit. <b>Voids the privacy guarantee</b>: anyone who knows
     * the seed can subtract the noise. For tests and reproducible experiments only.
     */
    public Builder insecureReproducibleForTesting(long seed) {
      return insecureSource(seed);
    }

    /** Replaces the noise samplers (tests only: e.g. a zero-noise double). */
    Builder noiseForTesting(Function<RandomSource, DpItemKnnNoise> factory) {
      this.noiseFactory = requireNonNull(factory, "factory");
      return this;
    }

    /** Builds the algorithm. */
    public DpItemKnn build() {
      return new DpItemKnn(privacy(), weighting, itemShare, threshold, options, popularityWeight, twoHopWeight,
          noiseFactory);
    }
  }
}
