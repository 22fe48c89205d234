package io.privrec.core.cf.dp;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.Ials;
import io.privrec.core.cf.IalsOptions;
import io.privrec.core.cf.dp.internal.BoundingRows;
import io.privrec.core.cf.dp.internal.GramNoise;
import io.privrec.core.cf.dp.internal.PrivateAlsStatistics;
import io.privrec.core.cf.internal.IalsSolver;
import io.privrec.core.cf.internal.Params;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.internal.parallel.Parallel;
import io.privrec.core.model.FitListener;
import io.privrec.dp.budget.BudgetRequest;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyCost;
import io.privrec.dp.budget.RenyiDp;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Private implicit ALS: iALS whose item factors are differentially private, in the style of
 * Chien, Jain, Krichene, Rendle, Song, Thakurta and Zhang, "Private Alternating Least Squares"
 * (ICML 2021).
 *
 * <h2>Guarantee</h2>
 * The released item factors are (ε, δ)-differentially private with respect to
 * add/remove-one-customer neighbours (privacy unit: one customer and all her interactions). The
 * catalogue ({@link Builder#catalogue}, required) is public: the model indexes exactly its items in
 * its order, and interactions on other items are dropped before fitting, so no released value,
 * length or order depends on which items outside it occur in the data. The fitted {@link
 * DpIalsModel} is the release (the item factors) and nothing else and may be published: user
 * factors exist only inside the fit; a customer is scored by folding her own profile in against the
 * private item factors (joint differential privacy).
 *
 * <h2>Model</h2>
 * The iALS objective (Hu, Koren &amp; Volinsky 2008) with a profile-normalised confidence: user
 * {@code u}'s bounded row of {@code k_u ≤ m} items gets weight {@code w_u = 1/√k_u} and
 * confidence {@code c_ui = 1 + α·w_u} on her items, 1 elsewhere. Users solve {@code (YᵀY + α·w_u
 * Σ_{i∈I_u} y_i y_iᵀ + reg_u I) x_u = Σ_{i∈I_u} c_ui y_i} locally ({@link
 * io.privrec.core.cf.Ials}'s solver, conjugate gradient, frequency-scaled {@code reg_u}). Items
 * solve {@code (G̃ + α·S̃_i + reg_i I) y_i = α·t̃_i} from the noisy statistics of {@link
 * PrivateAlsStatistics}: the right-hand side omits the unit part of the confidence ({@code
 * Σ_{u∋i} x_u}, whose sensitivity would grow with the profile length), i.e. the item step fits
 * the preference {@code α·w_u/(1 + α·w_u)} instead of 1. {@code reg_i = lambda·(tr G̃ + α·tr
 * S̃_i)₊^ν + lambda-noise-factor·(σ_G + α·σ_S)·√f}: the first term is iALS's frequency scaling
 * computed from released values, the second exceeds the spectral norm of the noise added to the
 * system matrix (about {@code 2σ√f} for an {@code f × f} symmetric Gaussian matrix) for factors
 * above 2; if a system is still not positive definite its ridge is doubled until it is.
 *
 * <h2>Mechanism and proof sketch</h2>
 * <ol>
 *   <li><b>Bounding.</b> Each user keeps a uniformly random subset of at most m of her items
 *       (secure random source, {@link io.privrec.dp.bounding.ContributionBounder}); user factors
 *       entering the statistics are clipped to L2 norm {@code C = clip-norm}.
 *   <li><b>Per iteration</b> (T = {@code iterations}): three Gaussian releases, the user Gram
 *       {@code G} (sensitivity C²), the item Grams {@code S_i} (all items together, sensitivity
 *       C², optional) and the item sums {@code t_i} (sensitivity C), with noise {@code σ = Δ/√(2ρ)}
 *       giving ρ-zCDP each (Bun &amp; Steinke 2016, Prop. 1.6); {@code ρ_G + ρ_S + ρ_t = ρ/T}.
 *       Sensitivities: see {@link PrivateAlsStatistics}. The user factors of the other users
 *       depend only on their own data and earlier releases, so each release is a Gaussian
 *       mechanism given the previous ones.
 *   <li><b>Composition.</b> Adaptive composition of the 3T Gaussian mechanisms is ρ-zCDP (Bun
 *       &amp; Steinke 2016, Lemma 2.3), hence (ε, δ)-DP with ρ the largest value for which the
 *       Rényi conversion ({@link RenyiDp#zcdpToEpsilon}, Canonne, Kamath &amp; Steinke 2020) gives
 *       at most ε. All 3T ledger entries ({@link PrivacyCost#gaussian(double)}) are charged
 *       before the first statistic is computed; the accountant composes them to at most (ε, δ).
 *   <li><b>Post-processing.</b> Item solves, the next iteration's user solves (which involve only
 *       each user's own data) and scoring.
 * </ol>
 *
 * <h2>Parameters ({@link io.privrec.core.cf.Algorithms} keys)</h2>
 * {@code epsilon} finite {@code > 0}, default 1; {@code delta} (0, 1), default 1e-6; {@code
 * max-items-per-user} m [1, 10,000], default {@value #DEFAULT_MAX_ITEMS_PER_USER}; {@code factors}
 * [1, 256], default {@value #DEFAULT_FACTORS}; {@code iterations} [1, 50], default {@value
 * #DEFAULT_ITERATIONS}; {@code alpha} [0, 1e6], default {@value #DEFAULT_ALPHA}; {@code lambda}
 * (0, 1e6], default {@value #DEFAULT_LAMBDA}; {@code reg-exponent} ν [0, 2], default {@value
 * #DEFAULT_REG_EXPONENT}; {@code lambda-noise-factor} [0, 1000], default {@value
 * #DEFAULT_LAMBDA_NOISE_FACTOR}; {@code clip-norm} C (0, 1e3], default 1; {@code user-gram-share}
 * (0, 1), default {@value #DEFAULT_USER_GRAM_SHARE}; {@code item-gram-share} [0, 1), default
 * {@value #DEFAULT_ITEM_GRAM_SHARE} (0: the item Grams are not released and items solve with
 * {@code G̃} only; the two shares must sum below 1, the rest goes to the item sums); {@code
 * cg-steps} [1, 100], default 3; {@code seed} of the (data-independent) initial item factors;
 * {@code threads}. {@code factors}, {@code iterations}, {@code alpha}, {@code lambda}, {@code
 * reg-exponent}, {@code cg-steps}, {@code seed} and {@code threads} form one {@link IalsOptions}
 * value, shared with {@link Ials}. Defaults were tuned on validation splits carved from the
 * training part of the synthetic store (more iterations beat fewer despite the split budget, and
 * a large α compensates the profile-normalised confidence {@code α/√k}; see {@code
 * docs/tuning.md}).
 *
 * <p>Bounding choices come from {@link RandomSources#secure()} and noise from {@link
 * RandomSources#fastSecure()} (as in {@link DpEase}); {@link
 * Builder#insecureRandomSourceForTesting(long)} (Java API only) makes fits reproducible and voids
 * the guarantee. Immutable and thread-safe.
 *
 * <h2>References</h2>
 * <ul>
 *   <li>S. Chien et al. Private alternating least squares: practical private matrix completion
 *       with tighter rates. ICML 2021.
 *   <li>Y. Hu, Y. Koren, C. Volinsky. Collaborative filtering for implicit feedback datasets.
 *       ICDM 2008.
 *   <li>M. Bun, T. Steinke. Concentrated differential privacy. TCC 2016.
 *   <li>C. Canonne, G. Kamath, T. Steinke. The discrete Gaussian for differential privacy.
 *       NeurIPS 2020.
 * </ul>
 */
public final class DpIals extends AbstractPrivateAlgorithm {
  /** Default ε. */
  public static final double DEFAULT_EPSILON = 1.0;
  /** Default δ. */
  public static final double DEFAULT_DELTA = 1e-6;
  /** Default m. */
  public static final int DEFAULT_MAX_ITEMS_PER_USER = 50;
  /** Default number of factors. */
  public static final int DEFAULT_FACTORS = 32;
  /** Default number of iterations (private releases). */
  public static final int DEFAULT_ITERATIONS = 5;
  /** Default confidence scale α. */
  public static final double DEFAULT_ALPHA = 50.0;
  /** Default regularisation λ. */
  public static final double DEFAULT_LAMBDA = 0.05;
  /** Default frequency-scaling exponent ν. */
  public static final double DEFAULT_REG_EXPONENT = 0.5;
  /** Default multiple of the noise's spectral scale added to the item ridge. */
  public static final double DEFAULT_LAMBDA_NOISE_FACTOR = 6.0;
  /** Default share of each iteration's ρ spent on the user Gram. */
  public static final double DEFAULT_USER_GRAM_SHARE = 0.05;
  /** Default share of each iteration's ρ spent on the item Grams. */
  public static final double DEFAULT_ITEM_GRAM_SHARE = 0.25;

  static final String NAME = "dp-ials";

  private final IalsOptions options;
  private final double lambdaNoiseFactor;
  private final double clipNorm;
  private final double userGramShare;
  private final double itemGramShare;
  private final GramNoise noise;

  private DpIals(PrivacySettings privacy, IalsOptions options, double lambdaNoiseFactor, double clipNorm,
      double userGramShare, double itemGramShare, GramNoise noise) {
    super(privacy);
    this.options = options;
    this.lambdaNoiseFactor = lambdaNoiseFactor;
    this.clipNorm = clipNorm;
    this.userGramShare = userGramShare;
    this.itemGramShare = itemGramShare;
    this.noise = noise;
  }

  @Override
  public DpIals withCatalogue(Catalogue catalogue) {
    return new DpIals(privacyWith(catalogue), options, lambdaNoiseFactor, clipNorm, userGramShare, itemGramShare,
        noise);
  }

  /** A builder with the defaults and the secure random source. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the keys listed in the class documentation. The random source is always the secure one.
   *
   * @throws IllegalArgumentException for a malformed or out-of-range value or an unknown key
   */
  public static DpIals fromParams(Map<String, String> params) {
    return readParams(NAME, params, p -> savedBuilder(p).build());
  }

  /**
   * The builder {@link #fromParams} and a model file's parameters (see {@link PrivateModelFiles})
   * describe: the keys of {@link #fromParams} (never the insecure source).
   */
  static Builder savedBuilder(Params params) {
    IalsOptions d = defaultOptions();
    Builder b = builder()
        .budgetParams(params, Double.MAX_VALUE, 1)
        .factors(params.integer("factors", d.factors(), 1, Builder.MAX_FACTORS))
        .iterations(params.integer("iterations", d.iterations(), 1, Builder.MAX_ITERATIONS))
        .alpha(params.number("alpha", d.alpha(), 0, IalsOptions.MAX_SCALE))
        .lambda(params.number("lambda", d.lambda(), 0, IalsOptions.MAX_SCALE))
        .regularizationExponent(params.number("reg-exponent", d.regularizationExponent(), 0,
            IalsOptions.MAX_REGULARIZATION_EXPONENT))
        .lambdaNoiseFactor(params.number("lambda-noise-factor", DEFAULT_LAMBDA_NOISE_FACTOR, 0, 1000))
        .clipNorm(params.number("clip-norm", 1.0, 0, 1e3))
        .budgetShares(params.number("user-gram-share", DEFAULT_USER_GRAM_SHARE, 0, 1),
            params.number("item-gram-share", DEFAULT_ITEM_GRAM_SHARE, 0, 1))
        .cgSteps(params.integer("cg-steps", d.cgSteps(), 1, IalsOptions.MAX_CG_STEPS))
        .threads(params.integer("threads", d.threads(), 1, IalsOptions.MAX_THREADS));
    String s = params.string("seed", null);
    if (s != null) {
      try {
        b.seed(Long.parseLong(s));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(NAME + " parameter seed must be an integer (64-bit). Provided value: '" + s + "'", e);
      }
    }
    return b;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  void putParameters(Map<String, String> p) {
    p.put("factors", Integer.toString(options.factors()));
    p.put("iterations", Integer.toString(options.iterations()));
    p.put("alpha", Double.toString(options.alpha()));
    p.put("lambda", Double.toString(options.lambda()));
    p.put("reg-exponent", Double.toString(options.regularizationExponent()));
    p.put("lambda-noise-factor", Double.toString(lambdaNoiseFactor));
    p.put("clip-norm", Double.toString(clipNorm));
    p.put("user-gram-share", Double.toString(userGramShare));
    p.put("item-gram-share", Double.toString(itemGramShare));
    p.put("cg-steps", Integer.toString(options.cgSteps()));
    p.put("seed", Long.toString(options.seed()));
    p.put("threads", Integer.toString(options.threads()));
  }

  @Override
  String mechanism() {
    return "gaussian (zCDP), " + options.iterations() + " iterations: user Gram, "
        + (itemGramShare > 0 ? "item Grams, " : "") + "item sums of clipped user factors";
  }

  /** The factorisation hyperparameters (shared with {@link Ials}). */
  public IalsOptions options() {
    return options;
  }

  /** Number of factors f. */
  public int factors() {
    return options.factors();
  }

  /** Number of private iterations T. */
  public int iterations() {
    return options.iterations();
  }

  /** The confidence scale α. */
  public double alpha() {
    return options.alpha();
  }

  double lambda() {
    return options.lambda();
  }

  double regExponent() {
    return options.regularizationExponent();
  }

  /**
   * The total ρ of the fit: the largest ρ (bisection to a relative 1e-9, rounded down) whose
   * Rényi conversion at δ gives at most ε.
   */
  public double totalRho() {
    double lo = 0;
    double hi = epsilon;
    while (RenyiDp.zcdpToEpsilon(hi, delta) <= epsilon) {
      hi *= 2;
    }
    while (hi - lo > 1e-9 * hi) {
      double mid = lo + (hi - lo) / 2;
      if (RenyiDp.zcdpToEpsilon(mid, delta) <= epsilon) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo * (1 - 1e-9);
  }

  /** ρ of the user Gram, the item Grams (0 if not released) and the item sums, per iteration. */
  double[] rhoPerIteration() {
    double perIteration = totalRho() / options.iterations();
    return new double[] {userGramShare * perIteration, itemGramShare * perIteration,
        (1 - userGramShare - itemGramShare) * perIteration};
  }

  /**
   * Fits with a fresh accountant whose total is {@link #budget()}.
   *
   * @throws IllegalStateException if no catalogue is set (nothing is charged)
   * @throws IllegalArgumentException if the factor matrices exceed a Java array
   */
  @Override
  public DpIalsModel fit(InteractionMatrix train, FitListener listener) {
    return fit(train, listener, PrivacyAccountant.create(budget()));
  }

  /**
   * Restricts {@code train} to the catalogue, charges the 3T releases to {@code accountant}, then
   * runs the T private iterations. Only the item factors are kept. Reports {@code "iteration t/T"}.
   *
   * @throws IllegalStateException if no catalogue is set (nothing is charged)
   * @throws io.privrec.dp.budget.PrivacyBudgetExceededException if the accountant cannot afford
   *     the releases; nothing is computed
   * @throws IllegalArgumentException if the factor matrices exceed a Java array (nothing charged)
   */
  @Override
  public DpIalsModel fit(InteractionMatrix train, FitListener listener, PrivacyAccountant accountant) {
    requireNonNull(train, "train");
    requireNonNull(listener, "listener");
    requireNonNull(accountant, "accountant");
    InteractionMatrix data = onCatalogue(train);
    int factors = options.factors();
    int iterations = options.iterations();
    int nItems = data.numItems();
    checkSize(data.numUsers(), "users");
    checkSize(nItems, "items");
    double[] rho = rhoPerIteration();
    double c2 = clipNorm * clipNorm;
    double sigmaUserGram = c2 / Math.sqrt(2 * rho[0]);
    double sigmaItemGram = rho[1] > 0 ? c2 / Math.sqrt(2 * rho[1]) : 0;
    List<BudgetRequest> requests = new ArrayList<>();
    for (int t = 1; t <= iterations; t++) {
      String it = NAME + " iteration " + t + "/" + iterations + ": ";
      requests.add(BudgetRequest.of(it + "user Gram (L2 sensitivity " + c2 + ")",
          PrivacyCost.gaussian(1 / Math.sqrt(2 * rho[0]))));
      if (rho[1] > 0) {
        requests.add(BudgetRequest.of(it + "item Grams (L2 sensitivity " + c2 + ")",
            PrivacyCost.gaussian(1 / Math.sqrt(2 * rho[1]))));
      }
      requests.add(BudgetRequest.of(it + "item sums (L2 sensitivity " + clipNorm + ")",
          PrivacyCost.gaussian(1 / Math.sqrt(2 * rho[2]))));
    }
    accountant.allocateAll(requests);

    RandomSource random = source();
    GramNoise noise = this.noise != null ? this.noise : DpEase.defaultNoise(insecure, random);
    // Customers without a catalogue item contribute nothing; leaving them out keeps every sum as is.
    BoundingRows rows = BoundingRows.sample(data, maxItemsPerUser, random).withoutEmptyRows();
    int nUsers = rows.numUsers();
    IalsSolver.Csr bounded = new IalsSolver.Csr(rows.pointers(), rows.items(), confidences(rows.pointers()), nItems);
    float[] items = initialItemFactors(nItems);
    float[] users = new float[nUsers * factors];
    double noiseRidge = noiseRidge(sigmaUserGram, sigmaItemGram);
    IalsSolver solver = new IalsSolver(factors, options.alpha(), options.lambda(), options.regularizationExponent(),
        options.threads());
    for (int t = 1; t <= iterations; t++) {
      solver.halfStep(bounded, items, solver.gram(items, nItems), users, options.cgSteps(), null, nItems);
      PrivateAlsStatistics stats = PrivateAlsStatistics.compute(rows, users, factors, clipNorm, rho[1] > 0);
      stats.addNoise(noise, clipNorm, maxItemsPerUser, rho[0], rho[1], rho[2]);
      // Released: the noisy statistics. Everything below is post-processing.
      solveItems(stats, noiseRidge, items);
      listener.progress("iteration " + t + "/" + iterations, (double) t / iterations);
    }
    return new DpIalsModel(this, nItems, items, solver.gram(items, nItems));
  }

  /** The item ridge's noise term {@code lambda-noise-factor·(σ_G + α·σ_S)·√f}. */
  double noiseRidge(double sigmaUserGram, double sigmaItemGram) {
    return lambdaNoiseFactor * (sigmaUserGram + options.alpha() * sigmaItemGram) * Math.sqrt(options.factors());
  }

  int cgSteps() {
    return options.cgSteps();
  }

  /** {@code α·w_u} per position, {@code w_u = 1/√k_u}. */
  float[] confidences(int[] ptr) {
    float[] aw = new float[ptr[ptr.length - 1]];
    for (int u = 0; u + 1 < ptr.length; u++) {
      int k = ptr[u + 1] - ptr[u];
      float c = (float) (options.alpha() / Math.sqrt(k));
      for (int p = ptr[u]; p < ptr[u + 1]; p++) {
        aw[p] = c;
      }
    }
    return aw;
  }

  /** Solves every item's system {@code (G̃ + α·S̃_i + reg_i I) y_i = α·t̃_i}. */
  void solveItems(PrivateAlsStatistics stats, double noiseRidge, float[] items) {
    int f = options.factors();
    double alpha = options.alpha();
    double lambda = options.lambda();
    double regExponent = options.regularizationExponent();
    double[] g = stats.userGram();
    double[][] s = stats.itemGrams();
    double[][] t = stats.itemSums();
    double traceG = 0;
    for (int a = 0; a < f; a++) {
      traceG += g[PrivateAlsStatistics.upper(a, a, f)];
    }
    double tg = Math.max(0, traceG);
    Parallel.forRange(t.length, 16, (from, to) -> {
      double[] a = new double[f * f];
      double[] b = new double[f];
      for (int i = from; i < to; i++) {
        double traceS = 0;
        if (s != null) {
          for (int d = 0; d < f; d++) {
            traceS += s[i][PrivateAlsStatistics.upper(d, d, f)];
          }
        }
        double mass = tg + alpha * Math.max(0, traceS);
        double ridge = (regExponent == 0 ? lambda : lambda * Math.pow(mass, regExponent)) + noiseRidge;
        while (true) {
          for (int r = 0; r < f; r++) {
            for (int c = 0; c <= r; c++) {
              int e = PrivateAlsStatistics.upper(c, r, f);
              a[r * f + c] = g[e] + (s != null ? alpha * s[i][e] : 0);
            }
            a[r * f + r] += ridge;
            b[r] = alpha * t[i][r];
          }
          try {
            IalsSolver.choleskySolve(a, b, f);
            break;
          } catch (ArithmeticException notPositiveDefinite) {
            ridge = 2 * Math.max(ridge, Double.MIN_NORMAL);
          }
        }
        for (int d = 0; d < f; d++) {
          items[i * f + d] = (float) b[d];
        }
      }
    }, FitListener.NONE, "items", 0, 1);
  }

  float[] initialItemFactors(int rows) {
    // Data-independent initialisation (not privacy noise), as in Ials.
    return IalsSolver.initialFactors(new SplittableRandom(options.seed()), rows, options.factors());
  }

  private void checkSize(int rows, String what) {
    int factors = options.factors();
    if ((long) rows * factors > Integer.MAX_VALUE - 8) {
      // No count in the message: the number of customers is private.
      throw new IllegalArgumentException(what + " × factors (" + factors + ") must fit in a Java array");
    }
  }

  /**
   * The defaults: {@link IalsOptions#defaults()} with this algorithm's own factors, iterations, α,
   * λ and ν.
   */
  private static IalsOptions defaultOptions() {
    return IalsOptions.defaults().withFactors(DEFAULT_FACTORS).withIterations(DEFAULT_ITERATIONS)
        .withAlpha(DEFAULT_ALPHA).withLambda(DEFAULT_LAMBDA).withRegularizationExponent(DEFAULT_REG_EXPONENT);
  }

  /**
   * Configures {@link DpIals}: the privacy settings, one {@link IalsOptions} value (its setters
   * replace one of its components) and the private mechanism's own settings. Setters validate and
   * leave the builder unchanged on failure. Not thread-safe.
   */
  public static final class Builder extends GramPrivateBuilder<Builder> implements IalsOptions.Setters<Builder> {
    /** The most factors: every iteration releases {@code f × f} statistics. */
    static final int MAX_FACTORS = 256;
    /** The most iterations: the budget is split over them. */
    static final int MAX_ITERATIONS = 50;

    private IalsOptions options = defaultOptions();
    private double lambdaNoiseFactor = DEFAULT_LAMBDA_NOISE_FACTOR;
    private double clipNorm = 1.0;
    private double userGramShare = DEFAULT_USER_GRAM_SHARE;
    private double itemGramShare = DEFAULT_ITEM_GRAM_SHARE;

    private Builder() {
      super(DEFAULT_EPSILON, DEFAULT_DELTA, DEFAULT_MAX_ITEMS_PER_USER);
    }

    /**
     * Sets every factorisation hyperparameter (e.g. the options of an {@link Ials}); defaults:
     * {@value #DEFAULT_FACTORS} factors, {@value #DEFAULT_ITERATIONS} iterations, α = {@value
     * #DEFAULT_ALPHA}, λ = {@value #DEFAULT_LAMBDA}, ν = {@value #DEFAULT_REG_EXPONENT}, and those of
     * {@link IalsOptions#defaults()} for the rest.
     *
     * @throws IllegalArgumentException if {@code options} has more than 256 factors or 50
     *     iterations
     * @throws NullPointerException if {@code options} is null
     */
    @Override
    public Builder options(IalsOptions options) {
      requireNonNull(options, "options");
      capped("factors", options.factors(), MAX_FACTORS);
      capped("iterations", options.iterations(), MAX_ITERATIONS);
      this.options = options;
      return this;
    }

    @Override
    public IalsOptions options() {
      return options;
    }

    /**
     * Number of latent factors.
     *
     * @throws IllegalArgumentException unless in [1, 256]
     */
    @Override
    public Builder factors(int factors) {
      return options(options.withFactors(capped("factors", factors, MAX_FACTORS)));
    }

    /**
     * Number of private iterations (each releases the statistics once).
     *
     * @throws IllegalArgumentException unless in [1, 50]
     */
    @Override
    public Builder iterations(int iterations) {
      return options(options.withIterations(capped("iterations", iterations, MAX_ITERATIONS)));
    }

    /**
     * Multiple of the noise's spectral scale added to the item ridge.
     *
     * @throws IllegalArgumentException unless finite and in [0, 1000]
     */
    public Builder lambdaNoiseFactor(double lambdaNoiseFactor) {
      this.lambdaNoiseFactor = checkNumber("lambda-noise-factor", lambdaNoiseFactor, 0, 1000, true);
      return this;
    }

    /**
     * Clipping norm C of the user factors entering the statistics.
     *
     * @throws IllegalArgumentException unless finite and in (0, 1000]
     */
    public Builder clipNorm(double clipNorm) {
      this.clipNorm = checkNumber("clip-norm", clipNorm, 0, 1e3, false);
      return this;
    }

    /**
     * Shares of each iteration's ρ for the user Gram and the item Grams; the item sums get the
     * rest. An item-Gram share of 0 releases no item Grams.
     *
     * @throws IllegalArgumentException unless {@code userGramShare} is in (0, 1), {@code
     *     itemGramShare} in [0, 1) and their sum below 1
     */
    public Builder budgetShares(double userGramShare, double itemGramShare) {
      CorePreconditions.checkInOpenRange("user-gram-share", userGramShare, 0, 1);
      CorePreconditions.checkInRangeExcludingUpper("item-gram-share", itemGramShare, 0, 1);
      if (!(userGramShare + itemGramShare < 1)) {
        throw CorePreconditions.fail("user-gram-share + item-gram-share", "must be < 1 (the item sums need a share)."
            + " Provided values: " + userGramShare + " and " + itemGramShare);
      }
      this.userGramShare = userGramShare;
      this.itemGramShare = itemGramShare;
      return this;
    }

    /** Builds the algorithm. */
    public DpIals build() {
      return new DpIals(privacy(), options, lambdaNoiseFactor, clipNorm, userGramShare, itemGramShare, noise);
    }

    /** This algorithm's limit on a count that {@link IalsOptions} allows up to a larger maximum. */
    private static int capped(String name, int value, int max) {
      if (value < 1 || value > max) {
        throw CorePreconditions.fail(name, "must be in [1, " + max + "] for " + NAME, value);
      }
      return value;
    }

    private static double checkNumber(String name, double value, double min, double max, boolean minIncluded) {
      boolean ok = minIncluded ? value >= min && value <= max : value > min && value <= max;
      if (!ok) {
        throw CorePreconditions.fail(name, "must be finite and in " + (minIncluded ? "[" : "(") + min + ", " + max + "]",
            value);
      }
      return value;
    }
  }
}
