package io.privrec.core.cf.dp;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.Ease;
import io.privrec.core.cf.EaseOptions;
import io.privrec.core.cf.ItemCoCounts;
import io.privrec.core.cf.dp.internal.BoundingRows;
import io.privrec.core.cf.dp.internal.GramEigen;
import io.privrec.core.cf.dp.internal.GramGaussianNoise;
import io.privrec.core.cf.dp.internal.GramLowRank;
import io.privrec.core.cf.dp.internal.GramNoise;
import io.privrec.core.cf.internal.EaseSolver;
import io.privrec.core.cf.internal.Params;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.model.FitListener;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyCost;
import io.privrec.dp.noise.GaussianCalibration;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Differentially private EASE: the EASE closed form (Steck 2019) computed from a noisy Gram
 * matrix.
 *
 * <h2>Guarantee</h2>
 * The fitted weight matrix, with the candidate set and the noisy counts, is (ε, δ)-differentially
 * private with respect to add/remove-one-customer neighbours: the privacy unit is one customer and
 * all of her interactions. The catalogue ({@link Builder#catalogue}, required) is public: the model
 * indexes exactly its items in its order, and interactions on other items are dropped before
 * fitting, so no released value, length or order depends on which items outside it occur in the
 * data. The fitted {@link DpEaseModel} is the release and nothing else (no customer's row or id)
 * and may be published. A customer is scored from her own profile ({@link
 * DpEaseModel#scoreProfile}) and the private weights only (joint differential privacy).
 *
 * <h2>Mechanism and proof sketch</h2>
 * <ol>
 *   <li><b>Bounding.</b> Each user keeps a uniformly random subset of at most {@code m = }{@link
 *       Builder#maxItemsPerUser max-items-per-user} of her distinct items (secure random source);
 *       weights are ignored (binary rows). The choice depends only on her own data.
 *   <li><b>Candidate counts</b> (unless {@code candidate-threshold} is 0). Per item,
 *       the sum over users of {@code c_k²}, {@code c_k} the largest multiple of 2⁻¹² with {@code
 *       c_k⁴·k ≤ 1} ({@code k} her kept items; so {@code c_k² ≈ 1/√k}), plus Gaussian noise: a
 *       user changes {@code k} counts by {@code c_k²} each, an L2 norm at most 1. (McSherry &amp;
 *       Mironov's per-user weighting: every customer spends her whole unit of sensitivity here,
 *       however many items she holds, so the counts stand out of their noise even on small data
 *       with long rows.) The items whose noisy count reaches {@code θ·σ} (σ the pairs' noise of
 *       step 4; at least the 32 best) are the candidates — post-processing. θ is fixed, or by
 *       default chosen from this release ({@link Builder#automaticCandidateThreshold}: it grows
 *       with the released count mass), which is post-processing too. Items too rare to rise
 *       above the noise carry no usable co-occurrence signal, and dropping them shrinks the noise
 *       bulk of step 5, whose edge grows as {@code √n}. The noisy counts also rank the items that
 *       no co-purchase statistic describes (see {@link DpEaseModel}).
 *   <li><b>Statistic.</b> Each row is restricted to the candidates ({@code k} now her candidate
 *       items). Item pairs: valued {@code v_k}, 1 if {@code k(k−1)/2 ≤ K(K+1)/2} ({@code K =
 *       sensitivity-items}), else the largest multiple of 2⁻¹² with {@code v_k⁴·k(k−1)/2 ≤
 *       K(K+1)/2}; the release is the strict lower triangle of the candidates' {@code XᵀX}: a user
 *       adds {@code v_k²} to her {@code k(k−1)/2} item pairs, an L2 change of at most {@code Δ =
 *       √(K(K+1)/2)} (1 by default). Diagonal: a separate release of the candidates' own sums at
 *       the Gram matrix's scale, each item valued {@code d_k} with {@code d_k⁴·k(k+1)/2 ≤ 1}, an
 *       L2 change of at most 1 (the counts of step 2 are on another scale). Without selection (θ =
 *       0) the whole triangle, diagonal included, is one release with values {@code v_k⁴·k(k+1)/2
 *       ≤ K(K+1)/2}. Every term is a multiple of 2⁻²⁴, so the double-precision sums are exact and
 *       the bounds hold for the computed values.
 *   <li><b>Noise and composition.</b> Independent Gaussian noise on every released entry, drawn by
 *       {@link io.privrec.dp.noise.GaussianNoise} (grid-snapped, exact discrete samples; the
 *       matrix is mirrored, so it stays symmetric). Let {@code u} be the analytic Gaussian σ for
 *       sensitivity 1 at (ε, δ) (Balle &amp; Wang 2018, Thm. 8). The counts get noise multiplier
 *       {@code u/√s}, the diagonal {@code u/√d} and the pairs {@code u/√(1−s−d)} ({@code s =
 *       selection-share}, {@code d = diagonal-share}): Gaussian mechanisms compose, adaptively, to
 *       one Gaussian mechanism with multiplier {@code (s/u² + d/u² + (1−s−d)/u²)^(−1/2) = u} (Dong,
 *       Roth &amp; Su, "Gaussian differential privacy", JRSS B 2022, Cor. 3.3), which is (ε,
 *       δ)-DP by the same theorem. Without selection the triangle
 *       gets multiplier {@code u}. With per-cohort item counts ({@link Builder#cohortCounts},
 *       share {@code c}) the three shares above are each multiplied by {@code 1 − c} and the
 *       cohort counts (each customer's row valued as in step 2, added to her own cohort's vector
 *       only: L2 sensitivity 1 by parallel composition) get multiplier {@code u/√c}: the four
 *       still compose to multiplier {@code u}. One ledger entry {@code approximateDp(ε, δ)} is
 *       charged before anything is computed.
 *   <li><b>Post-processing</b> (Dwork &amp; Roth 2014, Prop. 2.1). With {@code rank} r &gt; 0 (the
 *       default) the noisy matrix is first denoised: the r leading eigenpairs (randomized subspace
 *       iteration) of its off-diagonal part, of which only those above the noise bulk's edge
 *       {@code 2σ√n} are kept, their eigenvalues shrunk for the noise ({@code shrinkage}, spiked
 *       Wigner model: Benaych-Georges &amp; Nadakuditi 2011). The diagonal (an item's own count,
 *       far above its co-occurrences and not low rank) is deleted for this step and imputed once
 *       from the eigenpairs, which are then recomputed (diagonal-deleted PCA: Zhang, Cai &amp; Wu,
 *       Ann. Stat. 2022); it returns as the non-negative rest {@code D}, {@code G̃ ≈ UΛUᵀ + D} (as
 *       in Dwork, Talwar, Thakurta &amp; Zhang's "Analyze Gauss"). {@code P = (UΛUᵀ + D + λI)⁻¹}
 *       then follows by the Woodbury identity in {@code O(n·r²)} and the model keeps {@code n·r}
 *       numbers. With r = 0 the full {@code G̃ + λI} is inverted. Either way {@code B = I −
 *       P·diag(1/diag P)}. {@code λ = lambda + lambda-noise-factor·σ·√n} ({@code n} the number of
 *       candidates): denoised, the matrix is positive semi-definite and λ only regularises; in
 *       full, factors above 2 keep it positive definite and shrink the noisy co-occurrences, and if
 *       the inverse still fails, λ is doubled and the inverse retried (no extra privacy cost).
 *       Items outside the candidates score below every candidate, in the order of their noisy counts
 *       (released by step 2); profiles without any candidate item rank the candidates by their
 *       noisy counts, then the other items likewise. Every score is finite.
 * </ol>
 *
 * <h2>Parameters ({@link io.privrec.core.cf.Algorithms} keys)</h2>
 * <ul>
 *   <li>{@code epsilon} ε, finite and {@code > 0}, default 1; {@code delta} δ in (0, 1), default
 *       1e-6.
 *   <li>{@code max-items-per-user} m in [1, 10,000], default {@value #DEFAULT_MAX_ITEMS_PER_USER}.
 *   <li>{@code lambda} in [0, 1e12] and {@code lambda-noise-factor} in [0, 1000], defaults
 *       {@value #DEFAULT_LAMBDA} and {@value #DEFAULT_LAMBDA_NOISE_FACTOR} ({@value
 *       #DEFAULT_DENSE_LAMBDA_NOISE_FACTOR} with {@code rank} 0); their λ must be {@code > 0}.
 *       {@code lambda} and {@code max-items} form one {@link EaseOptions} value, shared with {@link
 *       Ease}.
 *   <li>{@code rank} r in [0, 4096], default {@value #DEFAULT_RANK} (0: no denoising; r ≥ n also
 *       inverts the full matrix).
 *   <li>{@code sensitivity-items} K in [1, 10,000], default {@value #DEFAULT_SENSITIVITY_ITEMS}.
 *   <li>{@code candidate-threshold} {@code auto} (the default: {@link
 *       Builder#automaticCandidateThreshold}) or θ in [0, 1e6] (0: no selection); {@code
 *       selection-share} in (0, 1), default {@value #DEFAULT_SELECTION_SHARE}; {@code
 *       diagonal-share} in (0, 1), default {@value #DEFAULT_DIAGONAL_SHARE}, with {@code
 *       selection-share + diagonal-share < 1}; {@code shrinkage} true or false, default true.
 *   <li>{@code cohort-share} in (0, 1): set with {@link Builder#cohortCounts} only (Java API; the
 *       customers' cohorts are not a parameter), recorded in model files.
 *   <li>{@code max-items} in [1, 46,340], default 20,000: the most candidates kept (the best by
 *       noisy count), so with selection and {@code rank > 0} the catalogue itself may be larger
 *       (memory {@code O(n·rank)} for the model); otherwise the largest catalogue (memory about
 *       {@code 10·n²} bytes while fitting at full rank, {@code 8·n²} when denoising).
 * </ul>
 * Defaults were tuned on a validation split carved from the training part of the synthetic store
 * (Recall@20): candidate selection, the item pairs released apart from the diagonal, shrinkage and
 * deleting the diagonal before the eigenpairs each helped there. The automatic candidate
 * threshold was fitted to the best fixed thresholds on the validation splits of the store (25,000
 * to 200,000 customers) and of MovieLens 100K at ε from 0.5 to 10: the best threshold grows with
 * the number of customers and with ε, i.e. with the count mass in noise units. See the benchmarks
 * module's privacy–utility runner and {@code docs/tuning.md}.
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
 *   <li>J. Dong, A. Roth, W. Su. Gaussian differential privacy. JRSS B 2022.
 *   <li>F. Benaych-Georges, R. R. Nadakuditi. The eigenvalues and eigenvectors of finite, low rank
 *       perturbations of large random matrices. Advances in Mathematics 2011.
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
  /** Default multiple of {@code σ·√n} added to the ridge of the denoised matrix ({@code rank > 0}). */
  public static final double DEFAULT_LAMBDA_NOISE_FACTOR = 0.5;
  /** Default multiple of {@code σ·√n} added to the ridge of the full noisy matrix ({@code rank} 0). */
  public static final double DEFAULT_DENSE_LAMBDA_NOISE_FACTOR = 8.0;

  /** Default K: rows of at most K items keep value 1. */
  public static final int DEFAULT_SENSITIVITY_ITEMS = 1;
  /** Default rank of the denoised Gram matrix (0: the full noisy matrix). */
  public static final int DEFAULT_RANK = 128;
  /**
   * The automatic candidate threshold's θ at the reference count mass {@value
   * #AUTO_REFERENCE_MASS} (see {@link Builder#automaticCandidateThreshold}).
   */
  static final double AUTO_REFERENCE_THRESHOLD = 14.0;
  /**
   * The count mass per item, in units of the counts' noise, at which the automatic θ is {@value
   * #AUTO_REFERENCE_THRESHOLD}.
   */
  static final double AUTO_REFERENCE_MASS = 2.0;
  /** The exponent of the automatic θ's growth with the count mass. */
  static final double AUTO_EXPONENT = 0.45;
  /** The smallest automatic θ. */
  static final double AUTO_MIN_THRESHOLD = 4.0;
  /** The largest automatic θ. */
  static final double AUTO_MAX_THRESHOLD = 40.0;
  /** Default share of the budget (of μ² in Gaussian DP) spent on selecting the candidates. */
  public static final double DEFAULT_SELECTION_SHARE = 0.15;
  /** Default share of the budget (of μ² in Gaussian DP) spent on the candidates' Gram diagonal. */
  public static final double DEFAULT_DIAGONAL_SHARE = 0.05;

  static final String NAME = "dp-ease";
  /** The {@code candidate-threshold} value that selects the automatic rule. */
  static final String AUTO = "auto";
  private static final int EIGEN_OVERSAMPLE = 16;
  private static final int EIGEN_POWER_STEPS = 4;
  private static final long EIGEN_SEED = 0x5eedL;
  private static final int MAX_RANK = 4096;
  private static final int VALUE_BITS = 12;
  /** Fewest candidates kept (the best by noisy count) when fewer clear the threshold. */
  private static final int MIN_CANDIDATES = 32;
  /** Eigenvalues must exceed the noise bulk's edge by this factor to be kept. */
  private static final double EDGE_MARGIN = 1.05;
  /** Times the deleted diagonal is re-imputed from the eigenpairs before the final ones. */
  private static final int DIAGONAL_IMPUTATION_STEPS = 1;

  private final EaseOptions options;
  private final double lambdaNoiseFactor;
  private final int rank;
  private final int sensitivityItems;
  private final double candidateThreshold;
  private final double selectionShare;
  private final double diagonalShare;
  private final boolean shrinkage;
  private final GramNoise noise;
  private final double cohortShare; // 0: no cohort counts
  private final int numCohorts; // 0: unknown (a loaded model's configuration) or none
  private final ToIntFunction<String> cohortOfCustomer; // null: none, or a loaded model's configuration

  private DpEase(PrivacySettings privacy, EaseOptions options, double lambdaNoiseFactor, int rank,
      int sensitivityItems, double candidateThreshold, double selectionShare, double diagonalShare, boolean shrinkage,
      GramNoise noise, double cohortShare, int numCohorts, ToIntFunction<String> cohortOfCustomer) {
    super(privacy);
    this.cohortShare = cohortShare;
    this.numCohorts = numCohorts;
    this.cohortOfCustomer = cohortOfCustomer;
    this.options = options;
    this.lambdaNoiseFactor = lambdaNoiseFactor;
    this.rank = rank;
    this.sensitivityItems = sensitivityItems;
    this.candidateThreshold = candidateThreshold;
    this.selectionShare = selectionShare;
    this.diagonalShare = diagonalShare;
    this.shrinkage = shrinkage;
    this.noise = noise;
  }

  @Override
  public DpEase withCatalogue(Catalogue catalogue) {
    return new DpEase(privacyWith(catalogue), options, lambdaNoiseFactor, rank, sensitivityItems, candidateThreshold,
        selectionShare, diagonalShare, shrinkage, noise, cohortShare, numCohorts, cohortOfCustomer);
  }

  /**
   * This configuration with per-cohort item counts released in the same fit (see {@link
   * Builder#cohortCounts}, which states the arguments' rules).
   *
   * @throws IllegalArgumentException as {@link Builder#cohortCounts}, or if {@code
   *     candidate-threshold} is 0
   */
  public DpEase withCohortCounts(int numCohorts, ToIntFunction<String> cohortOfCustomer, double share) {
    checkCohortCounts(numCohorts, cohortOfCustomer, share);
    if (!selects()) {
      throw CorePreconditions.fail("candidate-threshold", "must not be 0 with cohort counts (they join the"
          + " composition of the candidate releases)", candidateThreshold);
    }
    return new DpEase(settings(), options, lambdaNoiseFactor, rank, sensitivityItems, candidateThreshold,
        selectionShare, diagonalShare, shrinkage, noise, share, numCohorts, cohortOfCustomer);
  }

  /**
   * This configuration without the cohort function (its share kept): what a fitted model keeps,
   * since the function maps customer ids to cohorts and the model holds no customer's data. Like a
   * loaded model's configuration, it cannot fit.
   */
  private DpEase withoutCohortFunction() {
    return new DpEase(settings(), options, lambdaNoiseFactor, rank, sensitivityItems, candidateThreshold,
        selectionShare, diagonalShare, shrinkage, noise, cohortShare, 0, null);
  }

  /** The argument rules of {@link Builder#cohortCounts}. */
  private static void checkCohortCounts(int numCohorts, ToIntFunction<String> cohortOfCustomer, double share) {
    CorePreconditions.checkPositive("numCohorts", numCohorts);
    requireNonNull(cohortOfCustomer, "cohortOfCustomer");
    CorePreconditions.checkInOpenRange("cohort-share", share, 0, 1);
  }

  /** A builder with the defaults and the secure random source. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads {@code epsilon}, {@code delta}, {@code max-items-per-user}, {@code lambda}, {@code
   * lambda-noise-factor} and {@code max-items}. The random source is always the secure one.
   *
   * @throws IllegalArgumentException for a malformed or out-of-range value or an unknown key
   */
  public static DpEase fromParams(Map<String, String> params) {
    if (params.containsKey("cohort-share")) {
      throw new IllegalArgumentException("cohort-share is set with the customers' cohorts: DpEase.Builder.cohortCounts"
          + " or the recommender's CohortOptions.shareOfModelBudget");
    }
    return readParams(NAME, params, p -> savedBuilder(p).build());
  }

  /**
   * The builder {@link #fromParams} and a model file's parameters (see {@link PrivateModelFiles})
   * describe: the keys of {@link #fromParams} (never the insecure source).
   */
  static Builder savedBuilder(Params params) {
    return builder()
        .budgetParams(params, Double.MAX_VALUE, 1)
        .lambda(params.number("lambda", DEFAULT_LAMBDA, 0, EaseOptions.MAX_LAMBDA))
        .lambdaNoiseFactorIfSet(params.number("lambda-noise-factor", Double.NaN, 0, 1000))
        .maxItems(params.integer("max-items", Ease.DEFAULT_MAX_ITEMS, 1, Ease.LIMIT_ITEMS))
        .rank(params.integer("rank", DEFAULT_RANK, 0, MAX_RANK))
        .sensitivityItems(params.integer("sensitivity-items", DEFAULT_SENSITIVITY_ITEMS, 1, 10_000))
        .candidateThresholdParam(params.string("candidate-threshold", AUTO))
        .selectionShare(params.number("selection-share", DEFAULT_SELECTION_SHARE, 0, 1))
        .diagonalShare(params.number("diagonal-share", DEFAULT_DIAGONAL_SHARE, 0, 1))
        .shrinkage(params.bool("shrinkage", true))
        .cohortShareOfLoadedModel(params.number("cohort-share", 0, 0, 1));
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The base ridge λ and the largest catalogue (shared with {@link Ease}). */
  public EaseOptions options() {
    return options;
  }

  @Override
  void putParameters(Map<String, String> p) {
    p.put("lambda", Double.toString(options.lambda()));
    p.put("lambda-noise-factor", Double.toString(lambdaNoiseFactor));
    p.put("max-items", Integer.toString(options.maxItems()));
    p.put("rank", Integer.toString(rank));
    p.put("sensitivity-items", Integer.toString(sensitivityItems));
    p.put("candidate-threshold", automaticThreshold() ? AUTO : Double.toString(candidateThreshold));
    p.put("selection-share", Double.toString(selectionShare));
    p.put("diagonal-share", Double.toString(diagonalShare));
    p.put("shrinkage", Boolean.toString(shrinkage));
    if (cohortShare > 0) {
      p.put("cohort-share", Double.toString(cohortShare));
    }
  }

  @Override
  String mechanism() {
    return selects()
        ? "gaussian (GDP composition): candidate counts, L2 sensitivity 1, the candidates' Gram diagonal, L2"
            + " sensitivity 1, and their item pairs of the bounded rows, L2 sensitivity " + l2Sensitivity()
            + (cohortShare > 0 ? "; per-cohort item counts, L2 sensitivity 1" : "")
        : "analytic-gaussian: Gram matrix of the bounded rows, L2 sensitivity " + l2Sensitivity();
  }

  /** The configured rank of the denoised Gram matrix (0: the full noisy matrix). */
  int rank() {
    return rank;
  }

  /** Whether a candidate set is selected first ({@code candidate-threshold} automatic or positive). */
  private boolean selects() {
    return !(candidateThreshold == 0);
  }

  /** Whether θ is chosen from the released counts ({@link Builder#automaticCandidateThreshold}). */
  boolean automaticThreshold() {
    return Double.isNaN(candidateThreshold);
  }

  /**
   * θ for these released counts: the configured one, or the rule of {@link
   * Builder#automaticCandidateThreshold}. A function of the release, the public catalogue size and
   * the configuration only (post-processing).
   */
  double threshold(double[] noisyCounts) {
    if (!automaticThreshold()) {
      return candidateThreshold;
    }
    double total = 0;
    for (double c : noisyCounts) {
      total += c;
    }
    double mass = noisyCounts.length == 0 ? 0
        : Math.max(0, total) / (noisyCounts.length * selectionNoiseStandardDeviation());
    double theta = AUTO_REFERENCE_THRESHOLD * Math.pow(mass / AUTO_REFERENCE_MASS, AUTO_EXPONENT);
    return Math.min(AUTO_MAX_THRESHOLD, Math.max(AUTO_MIN_THRESHOLD, theta));
  }

  /** The pairs' share of the model's μ² when candidates are selected: {@code 1 − selection-share − diagonal-share}. */
  private double pairShare() {
    return 1 - selectionShare - diagonalShare;
  }

  /** The model's share of μ²: {@code 1 − cohort-share} (1 without cohort counts). */
  private double modelShare() {
    return 1 - cohortShare;
  }

  /** The share of μ² spent on the per-cohort item counts (0: none; see {@link Builder#cohortCounts}). */
  public double cohortShare() {
    return cohortShare;
  }

  /**
   * The standard deviation of the noise on each per-cohort item count (L2 sensitivity 1); NaN
   * without cohort counts.
   */
  public double cohortNoiseStandardDeviation() {
    return cohortShare > 0 ? GaussianCalibration.analyticSigma(1, epsilon, delta) / Math.sqrt(cohortShare) : Double.NaN;
  }

  /**
   * The standard deviation of the noise on each Gram entry (before grid rounding): {@code Δ·u} for
   * the analytic unit σ {@code u} of (ε, δ), divided by {@code √((1 − selection-share −
   * diagonal-share)·(1 − cohort-share))} when candidates are selected (then it is the noise on
   * each item pair; {@code cohort-share} is 0 without {@link Builder#cohortCounts}).
   */
  public double noiseStandardDeviation() {
    double sigma = GaussianCalibration.analyticSigma(l2Sensitivity(), epsilon, delta);
    return selects() ? sigma / Math.sqrt(pairShare() * modelShare()) : sigma;
  }

  /**
   * The standard deviation of the noise on each candidate count (L2 sensitivity 1): {@code u/√(
   * selection-share·(1 − cohort-share))}; NaN without selection.
   */
  public double selectionNoiseStandardDeviation() {
    return selects() ? GaussianCalibration.analyticSigma(1, epsilon, delta) / Math.sqrt(selectionShare * modelShare())
        : Double.NaN;
  }

  /**
   * The standard deviation of the noise on each candidate's Gram diagonal entry (L2 sensitivity 1):
   * {@code u/√(diagonal-share·(1 − cohort-share))}; NaN without selection.
   */
  public double diagonalNoiseStandardDeviation() {
    return selects() ? GaussianCalibration.analyticSigma(1, epsilon, delta) / Math.sqrt(diagonalShare * modelShare())
        : Double.NaN;
  }

  /** The L2 sensitivity of the Gram triangle, {@code √(K(K+1)/2)} for {@code K = sensitivity-items}. */
  public double l2Sensitivity() {
    return Math.sqrt((double) sensitivityItems * (sensitivityItems + 1) / 2);
  }

  /** The ridge λ used for a catalogue of {@code numItems} items (before any retry). */
  public double ridge(int numItems) {
    return options.lambda() + lambdaNoiseFactor * noiseStandardDeviation() * Math.sqrt(numItems);
  }

  /**
   * Fits with a fresh accountant whose total is {@link #budget()}.
   *
   * @throws IllegalStateException if no catalogue is set (nothing is charged)
   * @throws IllegalArgumentException if the catalogue has more than {@code max-items} items and
   *     either selection is off or {@code rank} is 0
   */
  @Override
  public DpEaseModel fit(InteractionMatrix train, FitListener listener) {
    return fit(train, listener, PrivacyAccountant.create(budget()));
  }

  /**
   * Restricts {@code train} to the catalogue, charges (ε, δ) to {@code accountant}, then bounds,
   * computes and noises the Gram matrix and solves EASE from it. Progress: {@code gram} (to 0.05),
   * {@code noise} (to 0.1), {@code inverse} (to 0.95), {@code weights} (to 1).
   *
   * @throws IllegalStateException if no catalogue is set (nothing is charged)
   * @throws io.privrec.dp.budget.PrivacyBudgetExceededException if the accountant cannot afford
   *     (ε, δ); nothing is computed
   * @throws IllegalArgumentException if the catalogue has more than {@code max-items} items and
   *     either selection is off or {@code rank} is 0 (nothing is charged)
   */
  @Override
  public DpEaseModel fit(InteractionMatrix train, FitListener listener, PrivacyAccountant accountant) {
    requireNonNull(train, "train");
    requireNonNull(listener, "listener");
    requireNonNull(accountant, "accountant");
    if (cohortShare > 0 && cohortOfCustomer == null) {
      throw new IllegalStateException("cohort-share needs the customers' cohorts (DpEase.Builder.cohortCounts);"
          + " a loaded model's configuration cannot fit (nothing was charged)");
    }
    InteractionMatrix data = onCatalogue(train);
    int[] cohortOfUser = cohortShare > 0 ? cohortsOf(data, cohortOfCustomer, numCohorts) : null; // checked before anything is charged
    return fitFrom(random -> new LocalStatistics(data, random, cohortOfUser), listener, accountant);
  }

  /**
   * Computes {@link ItemCoCounts} of the customers' bounded rows on request: the data side of a fit
   * from statistics computed elsewhere (for example by a cluster), {@link #fit(StatisticsSource,
   * FitListener, PrivacyAccountant)}. The fit asks for one spec without selection and for two
   * with it (the second after the first was released, restricted to the candidates it chose).
   */
  @FunctionalInterface
  public interface StatisticsSource {
    /**
     * The sums of {@code spec} over every customer's row bounded to {@code
     * spec.maxItemsPerCustomer()} of her catalogue items (by a rule reading her own row only, the
     * same subset at every call), then, unless {@code candidates} is null, restricted to the
     * candidates and re-indexed: item {@code candidates[c]} becomes index {@code c}.
     *
     * @param spec what to sum; {@code spec.numItems()} is the catalogue's size, or {@code
     *     candidates.length}
     * @param candidates increasing catalogue indices, or null for the whole catalogue
     * @return sums whose {@link ItemCoCounts#spec()} is {@code spec}
     */
    ItemCoCounts compute(ItemCoCounts.Spec spec, int[] candidates);
  }

  /**
   * Fits from bounded statistics computed elsewhere: checks the catalogue size, charges (ε, δ) to
   * {@code accountant}, then asks {@code source} for the sums the mechanism releases (see {@link
   * StatisticsSource}) and draws every noise sample on this thread, as {@link
   * #fit(InteractionMatrix, FitListener, PrivacyAccountant)} does after its own bounding. The
   * guarantee of the class documentation holds for the bounded rows {@code source} sums. With the
   * insecure test source and sums of rows that the local bounding keeps whole (at most {@code
   * max-items-per-user} items each) the model is bit for bit the local fit's on those rows.
   *
   * @throws IllegalStateException if no catalogue is set (nothing is charged)
   * @throws IllegalArgumentException if the catalogue has more than {@code max-items} items and
   *     either selection is off or {@code rank} is 0 (nothing is charged), or {@code source}
   *     returns sums of another spec
   * @throws io.privrec.dp.budget.PrivacyBudgetExceededException if the accountant cannot afford
   *     (ε, δ); nothing is computed
   * @throws NullPointerException if an argument is null
   */
  public DpEaseModel fit(StatisticsSource source, FitListener listener, PrivacyAccountant accountant) {
    requireNonNull(source, "source");
    requireNonNull(listener, "listener");
    requireNonNull(accountant, "accountant");
    if (cohortShare > 0) {
      throw new IllegalStateException("cohort counts need the customers' rows: fit from an InteractionMatrix"
          + " (nothing was charged)");
    }
    return fitFrom(random -> source, listener, accountant);
  }

  /**
   * The spec of the only release without selection: rows bounded to {@code max-items-per-user},
   * every entry of a row of {@code k} items valued {@code v_k²} ({@link #rowValue}), in units of
   * 2⁻²⁴ (item sums the diagonal, pair sums the rest of the triangle).
   */
  ItemCoCounts.Spec gramSpec(int numItems) {
    long[] w = squaredUnits(k -> rowValue(k, sensitivityItems));
    return ItemCoCounts.Spec.bounded(numItems, maxItemsPerUser, w, w.clone());
  }

  /** The spec of the candidate counts: item sums of {@link #countValue}², in units of 2⁻²⁴. */
  ItemCoCounts.Spec candidateCountSpec(int numItems) {
    return ItemCoCounts.Spec.bounded(numItems, maxItemsPerUser, squaredUnits(DpEase::countValue), null);
  }

  /**
   * The spec of the candidates' second release, in units of 2⁻²⁴: item sums of {@link #rowValue}²
   * at K = 1 (the diagonal) and pair sums of {@link #offDiagonalValue}² (the item pairs).
   */
  ItemCoCounts.Spec candidateGramSpec(int numCandidates) {
    return ItemCoCounts.Spec.bounded(numCandidates, maxItemsPerUser, squaredUnits(k -> rowValue(k, 1)),
        squaredUnits(k -> offDiagonalValue(k, sensitivityItems)));
  }

  /**
   * {@code (value(k)·2¹²)²} for {@code k} in {@code [0, m]} (0 at 0): exact, the values being
   * multiples of 2⁻¹².
   */
  private long[] squaredUnits(java.util.function.IntToDoubleFunction value) {
    float[] v = byLength(maxItemsPerUser, value);
    long[] w = new long[v.length];
    for (int k = 0; k < v.length; k++) {
      long units = (long) Math.scalb((double) v[k], VALUE_BITS);
      w[k] = units * units;
    }
    return w;
  }

  /** A sum in units of 2⁻²⁴ as a double (exact below 2⁵³ units). */
  private static double fromUnits(long sum) {
    return Math.scalb((double) sum, -2 * VALUE_BITS);
  }

  /** The sums {@code source} returns for {@code spec}, checked to be of that spec. */
  private static ItemCoCounts sums(StatisticsSource source, ItemCoCounts.Spec spec, int[] candidates) {
    ItemCoCounts sums = requireNonNull(source.compute(spec, candidates), "the statistics source returned null");
    if (!sums.spec().equals(spec)) {
      throw new IllegalArgumentException("the statistics source must return sums of " + spec + ". Provided: "
          + sums.spec());
    }
    return sums;
  }

  /** The fit shared by the local and the distributed path; {@code sources} gets the fit's random source. */
  private DpEaseModel fitFrom(java.util.function.Function<RandomSource, StatisticsSource> sources,
      FitListener listener, PrivacyAccountant accountant) {
    int n = requireCatalogue().size();
    int maxItems = options.maxItems();
    if (n > maxItems && !(selects() && rank > 0)) {
      // n is the public catalogue's size.
      throw new IllegalArgumentException("dp-ease handles at most max-items = " + maxItems + " items (dense n×n,"
          + " about 10·n² bytes while fitting); the catalogue has " + n + " items (with candidate selection and"
          + " rank > 0 any catalogue is accepted and at most max-items candidates are kept)");
    }
    // The label holds configuration only, never a count from the data.
    accountant.allocate(NAME + ": " + (selects() ? "candidate counts and their " : "") + "noisy Gram matrix, L2"
        + " sensitivity " + l2Sensitivity() + (cohortShare > 0 ? ", and per-cohort item counts" : ""),
        PrivacyCost.approximateDp(epsilon, delta).withMechanism(selects() ? "gaussian-gdp" : "analytic-gaussian"));
    RandomSource random = source();
    GramNoise gramNoise = noise != null ? noise : defaultNoise(insecure, random);
    StatisticsSource statistics = sources.apply(random);
    if (!selects()) {
      double[][] gram = noisyGram(sums(statistics, gramSpec(n), null), gramNoise, listener);
      listener.progress("noise", 0.1);
      return model(gram, null, null, n, listener);
    }
    double[] counts = noisyCandidateCounts(sums(statistics, candidateCountSpec(n), null), gramNoise);
    int[] candidates = candidates(counts);
    double[][] gram = noisyCandidateGram(sums(statistics, candidateGramSpec(candidates.length), candidates),
        gramNoise, listener);
    listener.progress("noise", 0.1);
    DpEaseModel model = model(gram, candidates, counts, n, listener);
    if (cohortShare > 0) {
      // Only the local statistics reach here (checked before charging).
      LocalStatistics local = (LocalStatistics) statistics;
      model = model.withCohortCounts(withoutCohortFunction(),
          noisyCohortCounts(local.rows(), local.cohortOfUser, gramNoise));
    }
    return model;
  }

  /**
   * The fourth release (with {@link Builder#cohortCounts}): per cohort and item, the sum over the
   * cohort's members' bounded rows of {@code c_k²} ({@link #countValue}, as the candidate counts)
   * plus Gaussian noise at {@code cohort-share}. A customer is in at most one cohort ({@code
   * cohortOfUser[u]}, -1 for none) and changes only its vector, by {@code k} entries of at most
   * {@code 1/√k}: the stacked vectors move by an L2 norm at most 1 (parallel composition, McSherry,
   * SIGMOD 2009, Thm. 4; Gaussian noise by the class documentation's step 4). The caller must have
   * charged (ε, δ).
   */
  float[][] noisyCohortCounts(BoundingRows rows, int[] cohortOfUser, GramNoise gramNoise) {
    int n = rows.numItems();
    double[][] sums = new double[numCohorts][n];
    float[] countValues = byLength(maxItemsPerUser, DpEase::countValue);
    int[] ptr = rows.pointers();
    int[] items = rows.items();
    for (int u = 0; u < rows.numUsers(); u++) {
      int k = cohortOfUser[u];
      if (k < 0) {
        continue;
      }
      double c = countValues[ptr[u + 1] - ptr[u]]; // 0 for an empty row
      double value = c * c; // a multiple of 2⁻²⁴: the sums are exact
      for (int p = ptr[u]; p < ptr[u + 1]; p++) {
        sums[k][items[p]] += value;
      }
    }
    gramNoise.addZcdp(sums, 1, cohortShare * unitRho(), maxItemsPerUser);
    float[][] out = new float[sums.length][];
    for (int k = 0; k < sums.length; k++) {
      out[k] = toFloat(sums[k]);
    }
    return out;
  }

  /** The local data side: bounds the rows once (with the fit's random source) at the first request. */
  private final class LocalStatistics implements StatisticsSource {
    private final InteractionMatrix data;
    private final RandomSource random;
    private final int[] cohortOfUser; // null: no cohort counts
    private BoundingRows rows;

    LocalStatistics(InteractionMatrix data, RandomSource random, int[] cohortOfUser) {
      this.data = data;
      this.random = random;
      this.cohortOfUser = cohortOfUser;
    }

    @Override
    public ItemCoCounts compute(ItemCoCounts.Spec spec, int[] candidates) {
      return rowSums(rows(), spec, candidates);
    }

    /** The bounded rows (drawn at the first request). */
    BoundingRows rows() {
      if (rows == null) {
        rows = BoundingRows.sample(data, maxItemsPerUser, random);
      }
      return rows;
    }
  }

  /** The sums of {@code spec} over bounded rows, restricted to {@code candidates} unless null. */
  static ItemCoCounts rowSums(BoundingRows rows, ItemCoCounts.Spec spec, int[] candidates) {
    if (candidates == null) {
      return ItemCoCounts.ofRows(spec, rows.pointers(), rows.items(), FitListener.NONE, 0, 1);
    }
    int[] compact = new int[rows.numItems()];
    Arrays.fill(compact, -1);
    for (int c = 0; c < candidates.length; c++) {
      compact[candidates[c]] = c;
    }
    int[] ptr = rows.pointers();
    int[] items = rows.items();
    int[] newPtr = new int[ptr.length];
    int[] newItems = new int[items.length];
    int kept = 0;
    for (int u = 0; u < rows.numUsers(); u++) {
      for (int p = ptr[u]; p < ptr[u + 1]; p++) {
        int c = compact[items[p]];
        if (c >= 0) {
          newItems[kept++] = c; // increasing: candidates and rows are sorted
        }
      }
      newPtr[u + 1] = kept;
    }
    return ItemCoCounts.ofRows(spec, newPtr, Arrays.copyOf(newItems, kept), FitListener.NONE, 0, 1);
  }

  /**
   * Post-processing of the released (noisy) Gram matrix of {@code candidates} (null: every item)
   * and the noisy counts of every item (null without selection) into the model.
   */
  DpEaseModel model(double[][] gram, int[] candidates, double[] counts, int n, FitListener listener) {
    int size = gram.length;
    // With candidates the low-rank form is kept even when rank ≥ size: a dense B over the whole
    // catalogue would take n² floats, and the catalogue may exceed max-items.
    if (rank > 0 && (rank < size || candidates != null)) {
      GramEigen eigen = offDiagonalEigen(gram, Math.min(rank, size));
      listener.progress("eigen", 0.9);
      GramLowRank lowRank = GramLowRank.of(gram, eigen, ridge(size));
      listener.progress("weights", 1.0);
      if (candidates == null) {
        return DpEaseModel.lowRank(this, lowRank.factors(), lowRank.rank(), lowRank.diagonal());
      }
      int r = lowRank.rank();
      float[] factors = new float[n * r];
      float[] diag = new float[n];
      Arrays.fill(diag, 1f);
      for (int c = 0; c < candidates.length; c++) {
        System.arraycopy(lowRank.factors(), c * r, factors, candidates[c] * r, r);
        diag[candidates[c]] = lowRank.diagonal()[c];
      }
      return DpEaseModel.lowRank(this, factors, r, diag, candidates, toFloat(counts));
    }
    float[] small = solve(gram, ridge(size), listener);
    if (candidates == null) {
      return DpEaseModel.dense(this, small);
    }
    float[] weights = new float[n * n];
    for (int a = 0; a < candidates.length; a++) {
      for (int b = 0; b < candidates.length; b++) {
        weights[candidates[a] * n + candidates[b]] = small[a * size + b];
      }
    }
    return DpEaseModel.dense(this, weights, candidates, toFloat(counts));
  }

  /**
   * The leading eigenpairs of the noisy Gram matrix's off-diagonal part, its diagonal first
   * deleted, then replaced by the part the eigenpairs explain, {@value #DIAGONAL_IMPUTATION_STEPS}
   * time(s) (diagonal-deleted PCA: Zhang, Cai &amp; Wu, Ann. Stat. 2022). The diagonal (an item's
   * own count) is far larger than its co-occurrences and not low rank, so left in place it takes
   * over leading eigenpairs that should describe the co-occurrences; it returns as the remainder
   * {@code D} in {@link GramLowRank}. Post-processing.
   */
  GramEigen offDiagonalEigen(double[][] gram, int r) {
    int size = gram.length;
    double[] diagonal = new double[size];
    for (int step = 0; ; step++) {
      GramEigen eigen = GramEigen.top(gram, diagonal, r, EIGEN_OVERSAMPLE, EIGEN_POWER_STEPS, EIGEN_SEED);
      if (shrinkage) {
        eigen = eigen.spikedShrinkage(noiseStandardDeviation(), EDGE_MARGIN);
      }
      if (step == DIAGONAL_IMPUTATION_STEPS) {
        return eigen;
      }
      double[] explained = eigen.explainedDiagonal();
      for (int i = 0; i < size; i++) {
        diagonal[i] = Math.min(Math.max(explained[i], 0), Math.max(gram[i][i], 0));
      }
    }
  }

  /** Every item's noisy count (released by the selection step), in single precision. */
  private static float[] toFloat(double[] counts) {
    float[] p = new float[counts.length];
    for (int i = 0; i < counts.length; i++) {
      p[i] = (float) counts[i];
    }
    return p;
  }

  /**
   * The first release (candidate selection on): per item, the sum over users of {@code c_k²}
   * ({@link #countValue}, {@code c_k² ≤ 1/√k}, {@code k} her bounded row length) plus Gaussian
   * noise. A user's vector has {@code k} entries {@code c_k²}, an L2 norm at most 1 (and within
   * 2⁻¹⁰ of it). The caller must have charged (ε, δ).
   */
  double[] noisyCandidateCounts(BoundingRows rows, GramNoise gramNoise) {
    return noisyCandidateCounts(rowSums(rows, candidateCountSpec(rows.numItems()), null), gramNoise);
  }

  /** As {@link #noisyCandidateCounts(BoundingRows, GramNoise)}, from the sums of {@link #candidateCountSpec}. */
  private double[] noisyCandidateCounts(ItemCoCounts sums, GramNoise gramNoise) {
    long[] units = sums.itemSums();
    double[] counts = new double[units.length];
    for (int i = 0; i < units.length; i++) {
      counts[i] = fromUnits(units[i]);
    }
    gramNoise.addZcdp(new double[][] {counts}, 1, selectionShare * modelShare() * unitRho(), maxItemsPerUser);
    return counts;
  }

  /** {@code ρ = 1/(2u²)} for the analytic unit σ {@code u} of (ε, δ): the whole budget as one Gaussian. */
  private double unitRho() {
    double u = GaussianCalibration.analyticSigma(1, epsilon, delta);
    return 1 / (2 * u * u);
  }

  /**
   * The items whose noisy count is at least {@code θ·σ} ({@code θ} = {@link #threshold}, {@code
   * σ} = {@link #noiseStandardDeviation()}), or the {@value #MIN_CANDIDATES} highest noisy counts if fewer
   * clear it, and at most {@code max-items} (the highest); increasing item indices.
   * Post-processing.
   */
  int[] candidates(double[] noisyCounts) {
    int n = noisyCounts.length;
    double threshold = threshold(noisyCounts) * noiseStandardDeviation();
    int above = 0;
    for (double c : noisyCounts) {
      if (c >= threshold) {
        above++;
      }
    }
    int want = Math.min(options.maxItems(), Math.max(above, Math.min(n, MIN_CANDIDATES)));
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(noisyCounts[b], noisyCounts[a]));
    int[] chosen = new int[want];
    for (int c = 0; c < want; c++) {
      chosen[c] = order[c];
    }
    Arrays.sort(chosen);
    return chosen;
  }

  /**
   * The second and third releases: the Gram matrix of the bounded rows restricted to {@code
   * candidates} (compact indices), {@code k} her candidate items. Its strict lower triangle, every
   * pair valued {@link #offDiagonalValue}² at K = {@code sensitivity-items}, gets Gaussian noise at
   * the pairs' share: a user changes {@code k(k−1)/2} entries by {@code v²} each, an L2 norm at most
   * {@code √(K(K+1)/2)}. Its diagonal, every item valued {@link #rowValue}² at K = 1, gets Gaussian
   * noise at {@code diagonal-share}: {@code k} entries of at most {@code √(2/(k(k+1)))}, an L2 norm
   * at most 1. The candidates are a function of the first release only, so the row restriction is
   * public. The caller must have charged (ε, δ).
   */
  double[][] noisyCandidateGram(BoundingRows rows, int[] candidates, GramNoise gramNoise, FitListener listener) {
    return noisyCandidateGram(rowSums(rows, candidateGramSpec(candidates.length), candidates), gramNoise, listener);
  }

  /** As the {@link BoundingRows} form, from the sums of {@link #candidateGramSpec}. */
  private double[][] noisyCandidateGram(ItemCoCounts sums, GramNoise gramNoise, FitListener listener) {
    double[][] gram = lowerTriangle(sums, false);
    double[] diagonal = new double[gram.length];
    for (int c = 0; c < diagonal.length; c++) {
      diagonal[c] = fromUnits(sums.itemSum(c));
    }
    listener.progress("gram", 0.05);
    long touched = (long) maxItemsPerUser * (maxItemsPerUser + 1) / 2;
    gramNoise.addZcdp(gram, l2Sensitivity(), pairShare() * modelShare() * unitRho(), touched);
    gramNoise.addZcdp(new double[][] {diagonal}, 1, diagonalShare * modelShare() * unitRho(), maxItemsPerUser);
    for (int c = 0; c < diagonal.length; c++) {
      gram[c][c] = diagonal[c];
    }
    return gram;
  }

  /**
   * The dense lower triangle of sums in units of 2⁻²⁴: pair sums below the diagonal, item sums on
   * it when {@code withDiagonal}, else 0.
   */
  private static double[][] lowerTriangle(ItemCoCounts sums, boolean withDiagonal) {
    int n = sums.numItems();
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = new double[i + 1];
      a[i][i] = withDiagonal ? fromUnits(sums.itemSum(i)) : 0;
    }
    int[] ptr = sums.pairPointers();
    int[] cols = sums.pairColumns();
    long[] pairSums = sums.pairSums();
    for (int i = 0; i < n; i++) {
      for (int p = ptr[i]; p < ptr[i + 1]; p++) {
        a[cols[p]][i] = fromUnits(pairSums[p]); // cols[p] > i: row cols[p], column i
      }
    }
    return a;
  }

  /**
   * The value {@code c} whose square a row of {@code k} items adds to each of its items' candidate
   * counts: 1 for {@code k = 1}, else the largest multiple of 2⁻¹² with {@code c⁴·k ≤ 1} (exact
   * integer check), so {@code c² ≤ 1/√k} and the row's L2 norm is at most 1. Unlike the Gram
   * values, which fall as {@code 1/k}, a customer's whole unit of sensitivity goes to her items'
   * counts, so the counts rise above their noise on data with long rows.
   */
  static double countValue(int k) {
    return scaledValue(k, 1);
  }

  /**
   * The value {@code v} of every entry of a row with {@code k} items when the item pairs are
   * released without the diagonal: 1 if {@code k(k−1)/2 ≤ K(K+1)/2}, else the largest multiple of
   * 2⁻¹² with {@code v⁴·k(k−1)/2 ≤ K(K+1)/2} (exact integer check); 1 for {@code k ≤ 1} (no pair).
   */
  static double offDiagonalValue(int k, int sensitivityItems) {
    return k <= 1 ? 1.0 : scaledValue((long) k * (k - 1) / 2, sensitivityItems);
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
    return noisyGram(rowSums(rows, gramSpec(train.numItems()), null), gramNoise, listener);
  }

  /** As the {@link InteractionMatrix} form, from the sums of {@link #gramSpec}. */
  private double[][] noisyGram(ItemCoCounts sums, GramNoise gramNoise, FitListener listener) {
    double[][] gram = lowerTriangle(sums, true);
    listener.progress("gram", 0.05);
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
    float[] byLength = byLength(rows.maxItemsPerUser(), k -> rowValue(k, sensitivityItems));
    int[] ptr = rows.pointers();
    float[] v = new float[rows.items().length];
    for (int u = 0; u < rows.numUsers(); u++) {
      Arrays.fill(v, ptr[u], ptr[u + 1], byLength[rows.rowLength(u)]);
    }
    return v;
  }

  /**
   * {@code value(k)} for {@code k} in {@code [0, maxLength]} (0 at 0), computed once per length: the
   * values are multiples of 2⁻¹² in (0, 1], exact in float.
   */
  private static float[] byLength(int maxLength, java.util.function.IntToDoubleFunction value) {
    float[] table = new float[maxLength + 1];
    for (int k = 1; k <= maxLength; k++) {
      table[k] = (float) value.applyAsDouble(k);
    }
    return table;
  }

  /**
   * The value {@code v_k} of every entry of a bounded row with {@code k} items: 1 if {@code k ≤ K},
   * else the largest multiple of 2⁻¹² with {@code v_k⁴·k(k+1)/2 ≤ K(K+1)/2}, checked in exact
   * integer arithmetic ({@code K = sensitivityItems}).
   */
  static double rowValue(int k, int sensitivityItems) {
    return scaledValue((long) k * (k + 1) / 2, sensitivityItems);
  }

  /**
   * 1 if {@code entries ≤ K(K+1)/2}, else the largest multiple of 2⁻¹² with {@code
   * v⁴·entries ≤ K(K+1)/2}: a user adding {@code v²} to that many entries moves them by an L2 norm
   * at most {@code √(K(K+1)/2)}.
   */
  private static double scaledValue(long entries, int sensitivityItems) {
    long kPairs = (long) sensitivityItems * (sensitivityItems + 1) / 2;
    if (entries <= kPairs) {
      return 1.0;
    }
    BigInteger pairs = BigInteger.valueOf(entries);
    BigInteger limit = BigInteger.ONE.shiftLeft(4 * VALUE_BITS).multiply(BigInteger.valueOf(kPairs));
    long units = (long) Math.floor(Math.pow((double) kPairs / entries, 0.25) * (1 << VALUE_BITS)) + 1;
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
    private EaseOptions options = EaseOptions.defaults().withLambda(DEFAULT_LAMBDA);
    private double lambdaNoiseFactor = Double.NaN; // NaN: the default for the rank
    private int rank = DEFAULT_RANK;
    private int sensitivityItems = DEFAULT_SENSITIVITY_ITEMS;
    private double candidateThreshold = Double.NaN; // automatic
    private double selectionShare = DEFAULT_SELECTION_SHARE;
    private double diagonalShare = DEFAULT_DIAGONAL_SHARE;
    private boolean shrinkage = true;
    private double cohortShare;
    private int numCohorts;
    private ToIntFunction<String> cohortOfCustomer;

    private Builder() {
      super(DEFAULT_EPSILON, DEFAULT_DELTA, DEFAULT_MAX_ITEMS_PER_USER);
    }

    /**
     * The base ridge (added to {@code lambda-noise-factor·σ·√n}).
     *
     * @throws IllegalArgumentException unless finite and in [0, 1e12]
     */
    public Builder lambda(double lambda) {
      return options(options.withLambda(lambda));
    }

    /**
     * Sets the base ridge λ and the largest catalogue together (e.g. the options of an {@link
     * Ease}); default λ = {@value #DEFAULT_LAMBDA} and {@value Ease#DEFAULT_MAX_ITEMS} items. λ = 0
     * is accepted here; {@link #build} checks that the whole ridge is positive.
     *
     * @throws NullPointerException if {@code options} is null
     */
    public Builder options(EaseOptions options) {
      this.options = requireNonNull(options, "options");
      return this;
    }

    /**
     * The multiple of {@code σ·√n} added to the ridge; by default {@value
     * #DEFAULT_LAMBDA_NOISE_FACTOR} with {@code rank > 0} and {@value
     * #DEFAULT_DENSE_LAMBDA_NOISE_FACTOR} with {@code rank} 0.
     *
     * @throws IllegalArgumentException unless finite and in [0, 1000]
     */
    public Builder lambdaNoiseFactor(double lambdaNoiseFactor) {
      if (!(lambdaNoiseFactor >= 0 && lambdaNoiseFactor <= 1000)) {
        throw CorePreconditions.fail("lambda-noise-factor", "must be finite and in [0, 1000]", lambdaNoiseFactor);
      }
      this.lambdaNoiseFactor = lambdaNoiseFactor;
      return this;
    }

    private Builder lambdaNoiseFactorIfSet(double lambdaNoiseFactor) {
      return Double.isNaN(lambdaNoiseFactor) ? this : lambdaNoiseFactor(lambdaNoiseFactor);
    }

    private double resolvedLambdaNoiseFactor() {
      if (!Double.isNaN(lambdaNoiseFactor)) {
        return lambdaNoiseFactor;
      }
      return rank > 0 ? DEFAULT_LAMBDA_NOISE_FACTOR : DEFAULT_DENSE_LAMBDA_NOISE_FACTOR;
    }

    /**
     * The largest catalogue accepted.
     *
     * @throws IllegalArgumentException unless in [1, 46340]
     */
    public Builder maxItems(int maxItems) {
      return options(options.withMaxItems(maxItems));
    }

    /**
     * K: rows of at most K items keep the value 1, longer rows are scaled down to the L2 norm of
     * such a row; the sensitivity is {@code √(K(K+1)/2)}.
     *
     * @throws IllegalArgumentException unless in [1, 10000]
     */
    public Builder sensitivityItems(int sensitivityItems) {
      this.sensitivityItems = CorePreconditions.checkInRange("sensitivity-items", sensitivityItems, 1, 10_000);
      return this;
    }

    /**
     * The rank of the denoised Gram matrix: 0 inverts the full noisy matrix; r &gt; 0 keeps its r
     * leading eigenpairs plus the rest of its diagonal (see {@link DpEase}).
     *
     * @throws IllegalArgumentException unless in [0, 4096]
     */
    public Builder rank(int rank) {
      this.rank = CorePreconditions.checkInRange("rank", rank, 0, MAX_RANK);
      return this;
    }

    /**
     * A fixed θ instead of the {@linkplain #automaticCandidateThreshold automatic} default: items
     * whose noisy candidate count reaches {@code θ·σ} (σ the Gram noise's standard deviation) form
     * the candidate set; 0 turns selection off (every item is a candidate and the whole budget goes
     * to the Gram matrix).
     *
     * @throws IllegalArgumentException unless finite and in [0, 1e6]
     */
    public Builder candidateThreshold(double candidateThreshold) {
      if (!(candidateThreshold >= 0 && candidateThreshold <= 1e6)) {
        throw CorePreconditions.fail("candidate-threshold", "must be finite and in [0, 1e6]", candidateThreshold);
      }
      this.candidateThreshold = candidateThreshold;
      return this;
    }

    /**
     * The default: θ chosen from the released candidate counts, {@code θ = 14·(A/2)^0.45} clamped to
     * [4, 40], where {@code A} is the released count mass per catalogue item in units of the counts'
     * noise (the sum of the noisy counts, about {@code Σ_u √k_u} over the customers' kept items,
     * divided by {@code n·σ_c}). More data, or a larger ε, gives a higher θ: the best fixed θ grows
     * with both (validation grids in {@code docs/tuning.md}). The rule reads the first release
     * only, so it is post-processing and costs no budget.
     */
    public Builder automaticCandidateThreshold() {
      this.candidateThreshold = Double.NaN;
      return this;
    }

    /** {@code auto} or a number for {@link #candidateThreshold(double)}. */
    Builder candidateThresholdParam(String value) {
      if (AUTO.equals(value.trim())) {
        return automaticCandidateThreshold();
      }
      double theta;
      try {
        theta = Double.parseDouble(value.trim());
      } catch (NumberFormatException e) {
        throw CorePreconditions.fail("candidate-threshold", "must be '" + AUTO + "' or a number in [0, 1e6]", value);
      }
      return candidateThreshold(theta);
    }

    /**
     * The share of the budget (of μ² in Gaussian DP) spent on the candidate counts when {@code
     * candidate-threshold} is not 0. {@link #build} checks that it leaves a positive share for the item
     * pairs beside {@link #diagonalShare}.
     *
     * @throws IllegalArgumentException unless strictly between 0 and 1
     */
    public Builder selectionShare(double selectionShare) {
      this.selectionShare = CorePreconditions.checkInOpenRange("selection-share", selectionShare, 0, 1);
      return this;
    }

    /**
     * The share of the budget (of μ² in Gaussian DP) spent on the candidates' Gram diagonal when
     * {@code candidate-threshold} is not 0; the item pairs get {@code 1 − selection-share −
     * diagonal-share}, which {@link #build} checks to be positive. Unused without selection.
     *
     * @throws IllegalArgumentException unless strictly between 0 and 1
     */
    public Builder diagonalShare(double diagonalShare) {
      this.diagonalShare = CorePreconditions.checkInOpenRange("diagonal-share", diagonalShare, 0, 1);
      return this;
    }

    /**
     * Whether the kept eigenvalues are shrunk for the noise (and eigenpairs inside the noise bulk
     * dropped) before EASE is solved; only with {@code rank > 0}.
     */
    public Builder shrinkage(boolean shrinkage) {
      this.shrinkage = shrinkage;
      return this;
    }

    /**
     * Releases per-cohort item counts with the model, in the same Gaussian composition and under
     * the same (ε, δ) and ledger entry: the counts get {@code share} of μ² and the model's three
     * releases the rest, each its configured share of it (so the model is exactly the one fitted
     * at the μ of {@code √(1 − share)} times the budget's). Each customer's counts are her bounded
     * row valued as in the candidate counts ({@code c_k² ≈ 1/√k} per item, L2 norm at most 1),
     * added to her cohort's vector only (parallel composition: the stacked vectors have L2
     * sensitivity 1). The cohort assignment is treated as public: it must be a function of the
     * customer's own attributes (e.g. k-anonymous cohorts), never of other customers'
     * interactions. The model then holds the counts ({@link DpEaseModel#noisyCohortCounts}).
     * Needs candidate selection (the default) and a fit from an {@link InteractionMatrix}.
     *
     * @param numCohorts the number of cohorts, at least 1
     * @param cohortOfCustomer a training customer's cohort in {@code [0, numCohorts)}, or -1 for
     *     none (she is then in no cohort's counts); called once per customer per fit
     * @param share the counts' share of μ², in {@code (0, 1)}
     * @throws IllegalArgumentException if {@code numCohorts < 1} or {@code share} is outside
     *     {@code (0, 1)}; the builder is then unchanged
     */
    public Builder cohortCounts(int numCohorts, ToIntFunction<String> cohortOfCustomer, double share) {
      checkCohortCounts(numCohorts, cohortOfCustomer, share);
      this.cohortShare = share;
      this.numCohorts = numCohorts;
      this.cohortOfCustomer = cohortOfCustomer;
      return this;
    }

    /** A model file's {@code cohort-share} (0: none): describes the release, cannot fit. */
    private Builder cohortShareOfLoadedModel(double share) {
      CorePreconditions.checkArgument(share < 1, "cohort-share must be below 1");
      this.cohortShare = share;
      return this;
    }

    /**
     * Builds the algorithm.
     *
     * @throws IllegalArgumentException if {@code lambda} and {@code lambda-noise-factor} are both
     *     0 (then λ = 0), if {@code selection-share + diagonal-share} is not below 1, or if cohort
     *     counts are set with {@code candidate-threshold} 0
     */
    public DpEase build() {
      double lambdaNoiseFactor = resolvedLambdaNoiseFactor();
      if (!(options.lambda() > 0 || lambdaNoiseFactor > 0)) {
        throw CorePreconditions.fail("lambda and lambda-noise-factor", "must not both be 0 (the ridge must be > 0)");
      }
      if (!(selectionShare + diagonalShare < 1)) {
        throw CorePreconditions.fail("selection-share + diagonal-share",
            "must be below 1 (the item pairs get the rest of the budget)", selectionShare + diagonalShare);
      }
      // Without a cohort function the share is a model file's (or 0); with one, withCohortCounts
      // applies its checks.
      DpEase built = new DpEase(privacy(), options, lambdaNoiseFactor, rank, sensitivityItems, candidateThreshold,
          selectionShare, diagonalShare, shrinkage, noise, cohortOfCustomer == null ? cohortShare : 0, 0, null);
      return cohortOfCustomer == null ? built : built.withCohortCounts(numCohorts, cohortOfCustomer, cohortShare);
    }
  }
}
