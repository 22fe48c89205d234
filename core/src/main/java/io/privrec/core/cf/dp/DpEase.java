package io.privrec.core.cf.dp;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.Ease;
import io.privrec.core.cf.dp.internal.BoundingChecks;
import io.privrec.core.cf.dp.internal.BoundingRows;
import io.privrec.core.cf.dp.internal.GramEigen;
import io.privrec.core.cf.dp.internal.GramGaussianNoise;
import io.privrec.core.cf.dp.internal.GramLowRank;
import io.privrec.core.cf.dp.internal.GramNoise;
import io.privrec.core.cf.internal.EaseSolver;
import io.privrec.core.cf.internal.UserRows;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.Params;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyCost;
import io.privrec.dp.noise.GaussianCalibration;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;

/**
 * Differentially private EASE: the EASE closed form (Steck 2019) computed from a noisy Gram
 * matrix.
 *
 * <h2>Guarantee</h2>
 * The fitted weight matrix is (ε, δ)-differentially private with respect to add/remove-one-user
 * neighbours: the privacy unit is one customer and all of her interactions. A customer's own
 * recommendations ({@link DpEaseModel#scoreUser}) read her own row and the private weights only
 * (joint differential privacy).
 *
 * <h2>Mechanism and proof sketch</h2>
 * <ol>
 *   <li><b>Bounding.</b> Each user keeps a uniformly random subset of at most {@code m = }{@link
 *       Builder#maxItemsPerUser max-items-per-user} of her distinct items (secure random source);
 *       weights are ignored (binary rows). The choice depends only on her own data.
 *   <li><b>Normalisation.</b> A user with {@code k} kept items gets the value {@code v_k} on each
 *       of them: 1 if {@code k ≤ K} ({@code K = sensitivity-items}), else the largest multiple of
 *       2⁻¹² with {@code v_k⁴·k(k+1)/2 ≤ K(K+1)/2}.
 *   <li><b>Statistic.</b> The lower triangle (diagonal included) of {@code XᵀX}. A user adds
 *       {@code v_k²} to the {@code k(k+1)/2} entries of her item pairs, so adding or removing her
 *       changes the triangle, as a vector, by an L2 norm {@code v_k²·√(k(k+1)/2) ≤ √(K(K+1)/2) =
 *       Δ}: the L2 sensitivity is Δ whatever {@code m} (compare {@code √(m(m+1)/2)} for
 *       unnormalised binary rows; the default K = 1 gives Δ = 1). Every term is a multiple of
 *       2⁻²⁴, so the double-precision sums are exact and the bound holds for the computed values.
 *   <li><b>Noise.</b> Independent Gaussian noise on each of the {@code n(n+1)/2} entries,
 *       calibrated by the analytic Gaussian mechanism (Balle &amp; Wang 2018, Thm. 8) for L2
 *       sensitivity Δ at (ε, δ); the matrix is mirrored, so it stays symmetric. The noise is drawn
 *       by {@link io.privrec.dp.noise.GaussianNoise} (grid-snapped, exact discrete samples). This
 *       is the only access to the data; one release, so no composition is needed and one ledger
 *       entry {@code approximateDp(ε, δ)} is charged before any computation.
 *   <li><b>Post-processing</b> (Dwork &amp; Roth 2014, Prop. 2.1). With {@code rank} r &gt; 0 (the
 *       default) the noisy matrix is first denoised: its r leading eigenpairs (randomized subspace
 *       iteration) with positive eigenvalues plus the non-negative rest of its diagonal, {@code G̃ ≈
 *       UΛUᵀ + D} — the noise spreads evenly over all n dimensions while the co-purchase structure
 *       concentrates in few (as in Dwork, Talwar, Thakurta &amp; Zhang's "Analyze Gauss"); {@code P =
 *       (UΛUᵀ + D + λI)⁻¹} then follows by the Woodbury identity in {@code O(n·r²)} and the model
 *       keeps {@code n·r} numbers. With r = 0 the full {@code G̃ + λI} is inverted. Either way
 *       {@code B = I − P·diag(1/diag P)}. The noise matrix has spectral norm about {@code 2σ√n}
 *       (Wigner's semicircle law), so {@code λ = lambda + lambda-noise-factor·σ·√n} keeps the
 *       system positive definite for factors above 2 and shrinks the noisy co-occurrences; if the
 *       full inverse still fails, λ is doubled and the inverse retried (no extra privacy cost).
 * </ol>
 *
 * <h2>Parameters ({@link io.privrec.core.model.Algorithms} keys)</h2>
 * <ul>
 *   <li>{@code epsilon} ε, finite and {@code > 0}, default 1; {@code delta} δ in (0, 1), default
 *       1e-6.
 *   <li>{@code max-items-per-user} m in [1, 10,000], default {@value #DEFAULT_MAX_ITEMS_PER_USER}.
 *   <li>{@code lambda} in [0, 1e12] and {@code lambda-noise-factor} in [0, 1000], defaults
 *       {@value #DEFAULT_LAMBDA} and {@value #DEFAULT_LAMBDA_NOISE_FACTOR}; their λ must be {@code
 *       > 0}.
 *   <li>{@code rank} r in [0, 4096], default {@value #DEFAULT_RANK} (0: no denoising; r ≥ n also
 *       inverts the full matrix).
 *   <li>{@code sensitivity-items} K in [1, 10,000], default {@value #DEFAULT_SENSITIVITY_ITEMS}.
 *   <li>{@code max-items} in [1, 46,340], default 20,000 (memory about {@code 10·n²} bytes while
 *       fitting at full rank, {@code 8·n²} when denoising).
 * </ul>
 * Defaults were tuned on a validation split carved from the training part of the synthetic store
 * (Recall@20 at ε = 1 and 5: denoising to rank 128 beats the full matrix, e.g. 0.285 against 0.231
 * at ε = 5, K between 1 and 10 and λ factors between 4 and 20 differ by less than 0.01); see the
 * benchmarks module's privacy–utility runner.
 *
 * <p>Bounding choices come from {@link RandomSources#secure()} and noise from {@link
 * RandomSources#fastSecure()} (ChaCha20 keyed from {@code SecureRandom}, the dp module's source
 * for bulk noise, drawn in parallel); {@link
 * Builder#insecureRandomSourceForTesting(long)} (Java API only) makes fits reproducible and voids
 * the guarantee. Immutable and thread-safe.
 *
 * <h2>References</h2>
 * <ul>
 *   <li>H. Steck. Embarrassingly shallow autoencoders for sparse data. WWW 2019.
 *   <li>F. McSherry, I. Mironov. Differentially private recommender systems. KDD 2009 (noisy
 *       item-item covariance, per-user weighting of contributions).
 *   <li>C. Dwork, K. Talwar, A. Thakurta, L. Zhang. Analyze Gauss: optimal bounds for
 *       privacy-preserving principal component analysis. STOC 2014.
 *   <li>N. Halko, P.-G. Martinsson, J. Tropp. Finding structure with randomness. SIAM Review 2011.
 *   <li>B. Balle, Y.-X. Wang. Improving the Gaussian mechanism for differential privacy. ICML 2018.
 *   <li>R. Wilson et al. Differentially private SQL with bounded user contribution. PETS 2020.
 * </ul>
 */
public final class DpEase extends AbstractPrivateAlgorithm {
  /** Default ε. */
  public static final double DEFAULT_EPSILON = 1.0;
  /** Default δ. */
  public static final double DEFAULT_DELTA = 1e-6;
  /** Default bound m on the items kept per user. */
  public static final int DEFAULT_MAX_ITEMS_PER_USER = 100;
  /** Default base ridge. */
  public static final double DEFAULT_LAMBDA = 1.0;
  /** Default multiple of {@code σ·√n} added to the ridge. */
  public static final double DEFAULT_LAMBDA_NOISE_FACTOR = 8.0;

  /** Default K: rows of at most K items keep value 1. */
  public static final int DEFAULT_SENSITIVITY_ITEMS = 1;
  /** Default rank of the denoised Gram matrix (0: the full noisy matrix). */
  public static final int DEFAULT_RANK = 128;

  static final String NAME = "dp-ease";
  private static final int EIGEN_OVERSAMPLE = 16;
  private static final int EIGEN_POWER_STEPS = 4;
  private static final long EIGEN_SEED = 0x5eedL;
  private static final int MAX_RANK = 4096;
  private static final int VALUE_BITS = 12;

  private final double lambda;
  private final double lambdaNoiseFactor;
  private final int maxItems;
  private final int rank;
  private final int sensitivityItems;
  private final GramNoise noise;

  private DpEase(Builder b) {
    super(b);
    this.lambda = b.lambda;
    this.lambdaNoiseFactor = b.lambdaNoiseFactor;
    this.maxItems = b.maxItems;
    this.rank = b.rank;
    this.sensitivityItems = b.sensitivityItems;
    this.noise = b.noise;
  }

  /** A builder with the defaults and the secure random source. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads {@code epsilon}, {@code delta}, {@code max-items-per-user}, {@code lambda}, {@code
   * lambda-noise-factor} and {@code max-items}. The random source is always the secure one.
   *
   * @throws IllegalArgumentException for a bad value
   */
  public static DpEase fromParams(Params params) {
    return paramsBuilder(params).build();
  }

  /**
   * The builder a model file's parameters describe (see {@link PrivateModelFiles}): the keys of
   * {@link #fromParams} and the random source.
   */
  static Builder savedBuilder(Params params) {
    return paramsBuilder(params).savedRandomSource(params);
  }

  /** The builder {@link #fromParams} fills. */
  private static Builder paramsBuilder(Params params) {
    return builder()
        .budgetParams(params, Double.MAX_VALUE, 1)
        .lambda(params.number("lambda", DEFAULT_LAMBDA, 0, 1e12))
        .lambdaNoiseFactor(params.number("lambda-noise-factor", DEFAULT_LAMBDA_NOISE_FACTOR, 0, 1000))
        .maxItems(params.integer("max-items", Ease.DEFAULT_MAX_ITEMS, 1, Ease.LIMIT_ITEMS))
        .rank(params.integer("rank", DEFAULT_RANK, 0, MAX_RANK))
        .sensitivityItems(params.integer("sensitivity-items", DEFAULT_SENSITIVITY_ITEMS, 1, 10_000));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  void putParameters(Map<String, String> p) {
    p.put("lambda", Double.toString(lambda));
    p.put("lambda-noise-factor", Double.toString(lambdaNoiseFactor));
    p.put("max-items", Integer.toString(maxItems));
    p.put("rank", Integer.toString(rank));
    p.put("sensitivity-items", Integer.toString(sensitivityItems));
  }

  @Override
  String mechanism() {
    return "analytic-gaussian: Gram matrix of the bounded rows, L2 sensitivity " + l2Sensitivity();
  }

  /** The standard deviation of the noise on each Gram entry (before grid rounding). */
  public double noiseStandardDeviation() {
    return GaussianCalibration.analyticSigma(l2Sensitivity(), epsilon, delta);
  }

  /** The L2 sensitivity of the Gram triangle, {@code √(K(K+1)/2)} for {@code K = sensitivity-items}. */
  public double l2Sensitivity() {
    return Math.sqrt((double) sensitivityItems * (sensitivityItems + 1) / 2);
  }

  /** The ridge λ used for a catalogue of {@code numItems} items (before any retry). */
  public double ridge(int numItems) {
    return lambda + lambdaNoiseFactor * noiseStandardDeviation() * Math.sqrt(numItems);
  }

  /**
   * Fits with a fresh accountant whose total is {@link #budget()}.
   *
   * @throws IllegalArgumentException if {@code train} has more than {@code max-items} items
   */
  @Override
  public DpEaseModel fit(InteractionMatrix train, FitListener listener) {
    return fit(train, listener, PrivacyAccountant.create(budget()));
  }

  /**
   * Charges (ε, δ) to {@code accountant}, then bounds, computes and noises the Gram matrix and
   * solves EASE from it. Progress: {@code gram} (to 0.05), {@code noise} (to 0.1), {@code
   * inverse} (to 0.95), {@code weights} (to 1).
   *
   * @throws io.privrec.dp.budget.PrivacyBudgetExceededException if the accountant cannot afford
   *     (ε, δ); nothing is computed
   * @throws IllegalArgumentException if {@code train} has more than {@code max-items} items (nothing
   *     is charged)
   */
  @Override
  public DpEaseModel fit(InteractionMatrix train, FitListener listener, PrivacyAccountant accountant) {
    requireNonNull(train, "train");
    requireNonNull(listener, "listener");
    requireNonNull(accountant, "accountant");
    int n = train.numItems();
    if (n > maxItems) {
      throw new IllegalArgumentException("dp-ease handles at most max-items = " + maxItems + " items (dense n×n,"
          + " about 10·n² bytes while fitting); the data has " + n + " items");
    }
    accountant.allocate(NAME + ": noisy Gram matrix, L2 sensitivity 1, " + n + " items",
        PrivacyCost.approximateDp(epsilon, delta).withMechanism("analytic-gaussian"));
    RandomSource random = BoundingChecks.source(insecure, insecureSeed);
    double[][] gram = noisyGram(train, random, noise != null ? noise : defaultNoise(insecure, random), listener);
    listener.progress("noise", 0.1);
    // The noisy triangle is the release; everything below is post-processing.
    if (rank > 0 && rank < n) {
      GramEigen eigen = GramEigen.top(gram, rank, EIGEN_OVERSAMPLE, EIGEN_POWER_STEPS, EIGEN_SEED);
      listener.progress("eigen", 0.9);
      GramLowRank lowRank = GramLowRank.of(gram, eigen, ridge(n));
      listener.progress("weights", 1.0);
      return DpEaseModel.lowRank(this, UserRows.of(train), lowRank.factors(), lowRank.rank(), lowRank.diagonal());
    }
    float[] weights = solve(gram, ridge(n), listener);
    return DpEaseModel.dense(this, UserRows.of(train), weights);
  }

  /** The production noise: fast secure source (parallel), or the insecure test stream. */
  static GramNoise defaultNoise(boolean insecure, RandomSource testStream) {
    return insecure
        ? GramGaussianNoise.create(testStream, false)
        : GramGaussianNoise.create(RandomSources.fastSecure(), true);
  }

  /**
   * The release: the lower triangle of the bounded, normalised rows' Gram matrix plus noise. The
   * caller must have charged (ε, δ).
   */
  double[][] noisyGram(InteractionMatrix train, RandomSource random, GramNoise gramNoise, FitListener listener) {
    BoundingRows rows = BoundingRows.sample(train, maxItemsPerUser, random);
    double[][] gram = EaseSolver.gram(rows.pointers(), rows.items(), rowValues(rows, sensitivityItems), train.numItems(), listener, "gram",
        0.0, 0.05);
    long touched = (long) maxItemsPerUser * (maxItemsPerUser + 1) / 2;
    gramNoise.addAnalytic(gram, l2Sensitivity(), epsilon, delta, touched);
    return gram;
  }

  /** EASE weights from the noisy triangle, doubling λ until the regularised matrix inverts. */
  private static float[] solve(double[][] noisy, double ridge, FitListener listener) {
    int n = noisy.length;
    float[] released = new float[(int) ((long) n * (n + 1) / 2)];
    int q = 0;
    for (double[] row : noisy) {
      for (double x : row) {
        released[q++] = (float) x;
      }
    }
    double lambda = ridge;
    double[][] a = noisy;
    while (true) {
      for (int i = 0; i < n; i++) {
        a[i][i] += lambda;
      }
      try {
        return EaseSolver.weights(a, listener, 0.1, 0.95, 1.0);
      } catch (ArithmeticException notPositiveDefinite) {
        lambda = 2 * Math.max(lambda, Double.MIN_NORMAL);
        a = new double[n][];
        int p = 0;
        for (int i = 0; i < n; i++) {
          a[i] = new double[i + 1];
          for (int j = 0; j <= i; j++) {
            a[i][j] = released[p++];
          }
        }
      }
    }
  }

  /** {@code v_k} at every position of a row of {@code k} kept items. */
  static float[] rowValues(BoundingRows rows, int sensitivityItems) {
    float[] byLength = new float[rows.maxItemsPerUser() + 1];
    for (int k = 1; k < byLength.length; k++) {
      byLength[k] = (float) rowValue(k, sensitivityItems); // a multiple of 2⁻¹² in (0, 1]: exact in float
    }
    int[] ptr = rows.pointers();
    float[] v = new float[rows.items().length];
    for (int u = 0; u < rows.numUsers(); u++) {
      Arrays.fill(v, ptr[u], ptr[u + 1], byLength[rows.rowLength(u)]);
    }
    return v;
  }

  /**
   * The value {@code v_k} of every entry of a bounded row with {@code k} items: 1 if {@code k ≤ K},
   * else the largest multiple of 2⁻¹² with {@code v_k⁴·k(k+1)/2 ≤ K(K+1)/2}, checked in exact
   * integer arithmetic ({@code K = sensitivityItems}).
   */
  static double rowValue(int k, int sensitivityItems) {
    if (k <= sensitivityItems) {
      return 1.0;
    }
    BigInteger pairs = BigInteger.valueOf((long) k * (k + 1) / 2);
    long kPairs = (long) sensitivityItems * (sensitivityItems + 1) / 2;
    BigInteger limit = BigInteger.ONE.shiftLeft(4 * VALUE_BITS).multiply(BigInteger.valueOf(kPairs));
    long units = (long) Math.floor(Math.pow((double) kPairs / ((double) k * (k + 1) / 2), 0.25) * (1 << VALUE_BITS)) + 1;
    while (BigInteger.valueOf(units).pow(4).multiply(pairs).compareTo(limit) > 0) {
      units--;
    }
    return Math.scalb((double) units, -VALUE_BITS);
  }

  /**
   * Configures {@link DpEase}. Setters validate and leave the builder unchanged on failure. Not
   * thread-safe.
   */
  public static final class Builder extends GramPrivateBuilder<Builder> {
    private double lambda = DEFAULT_LAMBDA;
    private double lambdaNoiseFactor = DEFAULT_LAMBDA_NOISE_FACTOR;
    private int maxItems = Ease.DEFAULT_MAX_ITEMS;
    private int rank = DEFAULT_RANK;
    private int sensitivityItems = DEFAULT_SENSITIVITY_ITEMS;
    private Builder() {
      super(DEFAULT_EPSILON, DEFAULT_DELTA, DEFAULT_MAX_ITEMS_PER_USER);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * The base ridge (added to {@code lambda-noise-factor·σ·√n}).
     *
     * @throws IllegalArgumentException unless finite and in [0, 1e12]
     */
    public Builder lambda(double lambda) {
      if (!(lambda >= 0 && lambda <= 1e12)) {
        throw new IllegalArgumentException("lambda must be finite and in [0, 1e12]. Provided value: " + lambda);
      }
      this.lambda = lambda;
      return this;
    }

    /**
     * The multiple of {@code σ·√n} added to the ridge.
     *
     * @throws IllegalArgumentException unless finite and in [0, 1000]
     */
    public Builder lambdaNoiseFactor(double lambdaNoiseFactor) {
      if (!(lambdaNoiseFactor >= 0 && lambdaNoiseFactor <= 1000)) {
        throw new IllegalArgumentException("lambda-noise-factor must be finite and in [0, 1000]. Provided value: "
            + lambdaNoiseFactor);
      }
      this.lambdaNoiseFactor = lambdaNoiseFactor;
      return this;
    }

    /**
     * The largest catalogue accepted.
     *
     * @throws IllegalArgumentException unless in [1, 46340]
     */
    public Builder maxItems(int maxItems) {
      if (maxItems < 1 || maxItems > Ease.LIMIT_ITEMS) {
        throw new IllegalArgumentException("max-items must be in [1, " + Ease.LIMIT_ITEMS + "]. Provided value: " + maxItems);
      }
      this.maxItems = maxItems;
      return this;
    }

    /**
     * K: rows of at most K items keep the value 1, longer rows are scaled down to the L2 norm of
     * such a row; the sensitivity is {@code √(K(K+1)/2)}.
     *
     * @throws IllegalArgumentException unless in [1, 10000]
     */
    public Builder sensitivityItems(int sensitivityItems) {
      if (sensitivityItems < 1 || sensitivityItems > 10_000) {
        throw new IllegalArgumentException("sensitivity-items must be in [1, 10000]. Provided value: " + sensitivityItems);
      }
      this.sensitivityItems = sensitivityItems;
      return this;
    }

    /**
     * The rank of the denoised Gram matrix: 0 inverts the full noisy matrix; r &gt; 0 keeps its r
     * leading eigenpairs plus the rest of its diagonal (see {@link DpEase}).
     *
     * @throws IllegalArgumentException unless in [0, 4096]
     */
    public Builder rank(int rank) {
      if (rank < 0 || rank > MAX_RANK) {
        throw new IllegalArgumentException("rank must be in [0, " + MAX_RANK + "]. Provided value: " + rank);
      }
      this.rank = rank;
      return this;
    }

    /**
     * Builds the algorithm.
     *
     * @throws IllegalArgumentException if {@code lambda} and {@code lambda-noise-factor} are both
     *     0 (then λ = 0)
     */
    public DpEase build() {
      if (!(lambda > 0 || lambdaNoiseFactor > 0)) {
        throw new IllegalArgumentException("lambda and lambda-noise-factor must not both be 0 (the ridge must be > 0)");
      }
      return new DpEase(this);
    }
  }
}
