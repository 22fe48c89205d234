package io.privrec.core.cf;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.IalsSolver;
import io.privrec.core.cf.internal.ModelFiles;
import io.privrec.core.cf.internal.ModelIo;
import io.privrec.core.cf.internal.Params;
import io.privrec.core.cf.internal.Profile;
import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.Explainable;
import io.privrec.core.model.Explanation;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.ModelUpdate;
import io.privrec.core.model.SavableModel;
import io.privrec.core.scoring.internal.FloatKernelsProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Implicit-feedback matrix factorisation by alternating least squares (iALS).
 *
 * <h2>Definition</h2>
 * Users and items get {@code factors}-dimensional vectors x_u, y_i minimising
 * <pre>
 *   Σ_{u,i} c_ui·(p_ui − x_u·y_i)²  +  Σ_u reg_u·|x_u|²  +  Σ_i reg_i·|y_i|²
 * </pre>
 * over all cells, with preference p_ui = 1 and confidence c_ui = 1 + α·w_ui on observed cells
 * (weight w_ui &gt; 0) and p_ui = 0, c_ui = 1 elsewhere (Hu, Koren &amp; Volinsky 2008). The
 * regularisation is frequency-scaled (Rendle, Krichene, Zhang &amp; Koren 2022, eq. 4):
 * <pre>
 *   reg_u = λ·(|I| + α·Σ_{i∈I_u} w_ui)^ν      reg_i = λ·(|U| + α·Σ_{u∈U_i} w_ui)^ν
 * </pre>
 * i.e. λ times the row's total confidence mass to the power ν. ν = 0 is the classic constant λ;
 * Rendle et al. write the mass as |I_u| + α₀·|I| with unobserved weight α₀, which is this one
 * divided by α with α₀ = 1/α (so λ differs by the constant factor α^ν).
 *
 * <p>Each iteration solves all items given the users, then all users given the items, so the
 * final user factors are consistent with the final item factors: {@link Model#foldIn} of a
 * training customer's profile reproduces them, which is why the fitted model keeps the item
 * factors only and scores every customer by fold-in. A row's normal equations use the Gram matrix of the other side,
 * computed once per half-iteration, plus a sparse correction per observed cell. The {@code cg}
 * solver runs {@code cgSteps} conjugate-gradient steps per row warm-started from the previous
 * factors (Takács, Pilászy &amp; Tikk 2011), cost O(cgSteps·(f² + |row|·f)); {@code cholesky}
 * solves exactly, O(|row|·f² + f³), for checking.
 *
 * <h2>Determinism and threads</h2>
 * Initial factors are drawn from a {@link SplittableRandom} seeded with {@code seed} (uniform,
 * standard deviation 0.1/√f); this is model initialisation, not privacy noise. Rows are solved
 * independently on a fixed pool of {@code threads} threads, so a fit is bit-for-bit reproducible
 * for a given seed and kernel implementation, whatever the thread count.
 *
 * <h2>Parameters</h2>
 * {@code factors} f ∈ [1, 1024]; {@code iterations} ∈ [1, 1000]; {@code alpha} α ∈ [0, 10⁶];
 * {@code lambda} λ ∈ (0, 10⁶]; {@code reg-exponent} ν ∈ [0, 2]; {@code solver} cg|cholesky;
 * {@code cg-steps} ∈ [1, 100]; {@code seed} any long; {@code threads} ∈ [1, 1024]. The defaults
 * (64 factors, 15 iterations, α = 10, λ = 0.03, ν = 1, 3 CG steps) were chosen on a validation
 * split carved from the training part of MovieLens 100K (ratings ≥ 4, 20 % per-user holdout),
 * where accuracy was flat around them and the CG solver matched the exact one (measured
 * figures: {@code docs/tuning.md}). With ν = 1 a good λ scales with the catalogue and user
 * counts: re-tune λ on other data.
 *
 * <h2>Non-finite values and limits</h2>
 * Interaction weights are finite and positive by construction of {@link InteractionMatrix}; a fit
 * is rejected if some α·w overflows the float range or the factor matrices would exceed the
 * largest Java array. Fitted factors are finite.
 *
 * <h2>Performance</h2>
 * Per iteration O((cgSteps + 1)·((users + items)·f² + 2·interactions·f)) multiply-adds, in
 * parallel over rows; memory: the factors plus two compact copies of the interactions (8 bytes
 * each per interaction). The inner loops use {@link io.privrec.core.scoring.ScoringKernels}'
 * implementation (the Vector API when the JVM runs with {@code --add-modules
 * jdk.incubator.vector}, faster than the plain loops; see {@code docs/tuning.md}).
 *
 * <h2>References</h2>
 * <ol>
 *   <li>Y. Hu, Y. Koren, C. Volinsky. Collaborative Filtering for Implicit Feedback Datasets.
 *       ICDM 2008.
 *   <li>G. Takács, I. Pilászy, D. Tikk. Applications of the conjugate gradient method for
 *       implicit feedback collaborative filtering. RecSys 2011.
 *   <li>S. Rendle, W. Krichene, L. Zhang, Y. Koren. Revisiting the Performance of iALS on Item
 *       Recommendation Benchmarks. RecSys 2022.
 * </ol>
 *
 * <p>Immutable and thread-safe; each {@link #fit} call is independent.
 */
public final class Ials implements Algorithm {
  /** Default number of latent factors. */
  public static final int DEFAULT_FACTORS = 64;
  /** Default number of iterations (each re-solves items, then users). */
  public static final int DEFAULT_ITERATIONS = 15;
  /** Default confidence scale α. */
  public static final double DEFAULT_ALPHA = 10.0;
  /** Default regularisation λ. */
  public static final double DEFAULT_LAMBDA = 0.03;
  /** Default frequency-scaling exponent ν. */
  public static final double DEFAULT_REG_EXPONENT = 1.0;
  /** Default number of conjugate-gradient steps per row and half-iteration. */
  public static final int DEFAULT_CG_STEPS = 3;
  /** Default seed of the initial factors. */
  public static final long DEFAULT_SEED = 42L;

  /** How each row's least-squares problem is solved. */
  public enum Solver {
    /** A few warm-started conjugate-gradient steps (fast, approximate per half-step). */
    CG,
    /** Exact Cholesky factorisation (slow for large f, for checking). */
    CHOLESKY
  }

  private final int factors;
  private final int iterations;
  private final double alpha;
  private final double lambda;
  private final double regExponent;
  private final Solver solver;
  private final int cgSteps;
  private final long seed;
  private final int threads;

  private Ials(Builder b) {
    this.factors = b.factors;
    this.iterations = b.iterations;
    this.alpha = b.alpha;
    this.lambda = b.lambda;
    this.regExponent = b.regExponent;
    this.solver = b.solver;
    this.cgSteps = b.cgSteps;
    this.seed = b.seed;
    this.threads = b.threads;
  }

  /** Starts a builder with the tuned defaults and one thread per available processor. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Factory for {@link Algorithms}: reads {@code factors}, {@code iterations}, {@code alpha},
   * {@code lambda}, {@code reg-exponent}, {@code solver}, {@code cg-steps}, {@code seed} and
   * {@code threads}; missing keys take their defaults.
   *
   * @throws IllegalArgumentException for a malformed or out-of-range value or an unknown key
   */
  public static Algorithm fromParams(Map<String, String> params) {
    Params p = new Params("ials", params);
    Algorithm algorithm = fromParams(p);
    p.checkNoneUnknown();
    return algorithm;
  }

  /**
   * Reads the keys of {@link #fromParams(Map)} from {@code params} (unknown keys are rejected by
   * {@code Params#checkNoneUnknown()}).
   *
   * @throws IllegalArgumentException for a malformed or out-of-range value
   */
  static Algorithm fromParams(Params params) {
    requireNonNull(params, "params");
    Builder b = builder()
        .factors(params.integer("factors", DEFAULT_FACTORS, 1, Builder.MAX_FACTORS))
        .iterations(params.integer("iterations", DEFAULT_ITERATIONS, 1, Builder.MAX_ITERATIONS))
        .alpha(params.number("alpha", DEFAULT_ALPHA, 0, Builder.MAX_SCALE))
        .lambda(params.number("lambda", DEFAULT_LAMBDA, 0, Builder.MAX_SCALE))
        .regularizationExponent(params.number("reg-exponent", DEFAULT_REG_EXPONENT, 0, Builder.MAX_EXPONENT))
        .solver(Solver.valueOf(params.choice("solver", "cg", "cg", "cholesky").toUpperCase(Locale.ROOT)))
        .cgSteps(params.integer("cg-steps", DEFAULT_CG_STEPS, 1, Builder.MAX_CG_STEPS))
        .threads(params.integer("threads", Runtime.getRuntime().availableProcessors(), 1, Builder.MAX_THREADS));
    String seed = params.string("seed", null);
    if (seed != null) {
      try {
        b.seed(Long.parseLong(seed));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("ials parameter seed must be an integer (64-bit). Provided value: '" + seed + "'", e);
      }
    }
    return b.build();
  }

  @Override
  public String name() {
    return "ials";
  }

  @Override
  public Map<String, String> parameters() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("factors", Integer.toString(factors));
    m.put("iterations", Integer.toString(iterations));
    m.put("alpha", Double.toString(alpha));
    m.put("lambda", Double.toString(lambda));
    m.put("reg-exponent", Double.toString(regExponent));
    m.put("solver", solver.name().toLowerCase(Locale.ROOT));
    m.put("cg-steps", Integer.toString(cgSteps));
    m.put("seed", Long.toString(seed));
    m.put("threads", Integer.toString(threads));
    return Collections.unmodifiableMap(m);
  }

  /** Fits without progress reports. */
  public Model fit(InteractionMatrix train) {
    return fit(train, FitListener.NONE);
  }

  /**
   * Fits the model; reports {@code "iteration k/n"} after each iteration.
   *
   * The returned model holds the item factors only; the training customers' factors are
   * discarded (every customer is scored by {@linkplain Model#foldIn fold-in} of her profile).
   *
   * @throws IllegalArgumentException if {@code users × factors} or {@code items × factors} exceeds
   *     the largest Java array
   */
  @Override
  public Model fit(InteractionMatrix train, FitListener listener) {
    return fitWithUserFactors(train, listener).model();
  }

  /**
   * The factors of a fit: the model, and the training customers' final factors for diagnostics
   * (tests of the solver). The customer factors are never part of the model.
   */
  record Fitted(Model model, float[] userFactors) {}

  /**
   * Fits the model and also returns the final training user factors (consistent with the final
   * item factors), for diagnostics only.
   */
  Fitted fitWithUserFactors(InteractionMatrix train, FitListener listener) {
    requireNonNull(train, "train");
    requireNonNull(listener, "listener");
    int nUsers = train.numUsers();
    int nItems = train.numItems();
    checkSize(nUsers, "users");
    checkSize(nItems, "items");
    IalsSolver.Csr rows = IalsSolver.Csr.rowsOf(train, alpha);
    IalsSolver.Csr columns = IalsSolver.Csr.columnsOf(train, alpha);
    SplittableRandom random = new SplittableRandom(seed);
    float[] items = IalsSolver.initialFactors(random, nItems, factors);
    float[] users = IalsSolver.initialFactors(random, nUsers, factors);
    int steps = solver == Solver.CG ? cgSteps : 0;
    float[] itemGram;
    try (IalsSolver s = new IalsSolver(factors, alpha, lambda, regExponent, threads)) {
      for (int it = 1; it <= iterations; it++) {
        s.halfStep(columns, users, s.gram(users, nUsers), items, steps, null, nUsers);
        s.halfStep(rows, items, s.gram(items, nItems), users, steps, null, nItems);
        listener.progress("iteration " + it + "/" + iterations, (double) it / iterations);
      }
      itemGram = s.gram(items, nItems);
    }
    return new Fitted(new Model(this, train.items(), items, itemGram), users);
  }

  private void checkSize(int rows, String what) {
    if ((long) rows * factors > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(what + " × factors must fit in a Java array: " + rows + " × " + factors);
    }
  }

  @Override
  public String toString() {
    return "Ials" + parameters();
  }

  /**
   * Configures {@link Ials}. Each setter validates its argument and leaves the builder unchanged
   * on failure. Not thread-safe.
   */
  public static final class Builder {
    static final int MAX_FACTORS = 1024;
    static final int MAX_ITERATIONS = 1000;
    static final double MAX_SCALE = 1e6;
    static final double MAX_EXPONENT = 2;
    static final int MAX_CG_STEPS = 100;
    static final int MAX_THREADS = 1024;

    private int factors = DEFAULT_FACTORS;
    private int iterations = DEFAULT_ITERATIONS;
    private double alpha = DEFAULT_ALPHA;
    private double lambda = DEFAULT_LAMBDA;
    private double regExponent = DEFAULT_REG_EXPONENT;
    private Solver solver = Solver.CG;
    private int cgSteps = DEFAULT_CG_STEPS;
    private long seed = DEFAULT_SEED;
    private int threads = Runtime.getRuntime().availableProcessors();

    private Builder() {}

    /**
     * Number of latent factors.
     *
     * @throws IllegalArgumentException unless in [1, 1024]
     */
    public Builder factors(int factors) {
      this.factors = checkRange("factors", factors, 1, MAX_FACTORS);
      return this;
    }

    /**
     * Number of iterations.
     *
     * @throws IllegalArgumentException unless in [1, 1000]
     */
    public Builder iterations(int iterations) {
      this.iterations = checkRange("iterations", iterations, 1, MAX_ITERATIONS);
      return this;
    }

    /**
     * Confidence scale α in c = 1 + α·w.
     *
     * @throws IllegalArgumentException unless finite and in [0, 10⁶] (NaN rejected)
     */
    public Builder alpha(double alpha) {
      if (!(alpha >= 0 && alpha <= MAX_SCALE)) {
        throw new IllegalArgumentException("alpha must be finite and in [0, " + MAX_SCALE + "]. Provided value: " + alpha);
      }
      this.alpha = alpha;
      return this;
    }

    /**
     * Regularisation λ.
     *
     * @throws IllegalArgumentException unless finite and in (0, 10⁶] (NaN rejected)
     */
    public Builder lambda(double lambda) {
      if (!(lambda > 0 && lambda <= MAX_SCALE)) {
        throw new IllegalArgumentException("lambda must be finite and in (0, " + MAX_SCALE + "]. Provided value: " + lambda);
      }
      this.lambda = lambda;
      return this;
    }

    /**
     * Frequency-scaling exponent ν of the regularisation (0 = constant λ).
     *
     * @throws IllegalArgumentException unless in [0, 2] (NaN rejected)
     */
    public Builder regularizationExponent(double regExponent) {
      if (!(regExponent >= 0 && regExponent <= MAX_EXPONENT)) {
        throw new IllegalArgumentException("reg-exponent must be finite and in [0, " + MAX_EXPONENT + "]. Provided value: " + regExponent);
      }
      this.regExponent = regExponent;
      return this;
    }

    /** The per-row solver. */
    public Builder solver(Solver solver) {
      this.solver = requireNonNull(solver, "solver");
      return this;
    }

    /**
     * Conjugate-gradient steps per row and half-iteration (ignored by {@link Solver#CHOLESKY}).
     *
     * @throws IllegalArgumentException unless in [1, 100]
     */
    public Builder cgSteps(int cgSteps) {
      this.cgSteps = checkRange("cg-steps", cgSteps, 1, MAX_CG_STEPS);
      return this;
    }

    /** Seed of the initial factors (any value). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Worker threads for fitting (results do not depend on it).
     *
     * @throws IllegalArgumentException unless in [1, 1024]
     */
    public Builder threads(int threads) {
      this.threads = checkRange("threads", threads, 1, MAX_THREADS);
      return this;
    }

    /** Builds the configured algorithm. */
    public Ials build() {
      return new Ials(this);
    }

    private static int checkRange(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "]. Provided value: " + value);
      }
      return value;
    }
  }

  /**
   * A fitted iALS model: the item ids it was fitted on and their factors, with the item Gram
   * matrix {@code YᵀY} precomputed for fold-in. It holds item-side statistics only: no customer's
   * factors. Every customer is scored by {@linkplain #foldIn folding in} her profile; erasure
   * re-solves the item factors ({@link #forget}); persistence through {@code ModelIo} (model type
   * {@code "ials"}, layout 2: parameters, {@code shape = [items, factors]}, {@code item-ids}
   * (String[], in index order) and {@code item-factors}; nothing grows with the number of
   * customers; layout-1 files, which held the customers' factors, are refused: refit).
   *
   * <p>Scores are dot products x·y_i of the profile's folded-in factors x with the item factors
   * (finite for finite factors; not probabilities). Immutable and thread-safe: every accessor
   * returns a copy, and every call uses per-thread scratch space.
   */
  public static final class Model implements ItemScorer, Explainable, SavableModel {
    static final String TYPE = "ials";
    static final int LAYOUT = 2;

    private final Ials config;
    private final IdIndex ids;
    private final int numItems;
    private final float[] items;
    private final float[] itemGram;
    /** Single-threaded solver for fold-in: no pool, immutable, shared by all threads. */
    private final IalsSolver foldInSolver;
    /** Per-thread scratch of the fold-in solver (system matrix and right-hand side). */
    private final ThreadLocal<IalsSolver.Scratch> scratch;

    Model(Ials config, IdIndex ids, float[] items, float[] itemGram) {
      this.config = config;
      this.ids = ids;
      this.numItems = ids.size();
      this.items = items;
      this.itemGram = itemGram;
      this.foldInSolver = solver(1);
      IalsSolver s = foldInSolver;
      this.scratch = ThreadLocal.withInitial(() -> s.new Scratch());
    }

    /** The configuration this model was fitted with. */
    public Ials algorithm() {
      return config;
    }

    /** Number of latent factors f. */
    public int factors() {
      return config.factors;
    }

    /** The item ids the model was fitted on, in index order. */
    @Override
    public IdIndex items() {
      return ids;
    }

    @Override
    public int numItems() {
      return numItems;
    }

    /** A copy of the item factors, row-major {@code numItems × factors}. */
    public float[] itemFactors() {
      return items.clone();
    }

    /**
     * A copy of item {@code item}'s factors.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= item < numItems()}
     */
    public float[] itemVector(int item) {
      Objects.checkIndex(item, numItems);
      int f = config.factors;
      return Arrays.copyOfRange(items, item * f, (item + 1) * f);
    }

    /**
     * Scores a profile by {@linkplain #foldIn folding it in}; an empty profile scores every item 0.
     *
     * @throws IllegalArgumentException as {@link #foldIn}, or if {@code scores} has the wrong length
     */
    @Override
    public void scoreProfile(int[] itemIndices, float[] weights, float[] scores) {
      checkScores(scores);
      float[] x = foldIn(itemIndices, weights);
      FloatKernelsProvider.kernels().gemv(items, numItems, config.factors, x, 0, scores, 0);
    }

    /**
     * Solves the factors of a profile with the item factors fixed: exactly the user half-step of
     * training applied to one row (Cholesky in double against the precomputed {@code YᵀY},
     * O(|profile|·f² + f³)). For a training customer's own items and weights this reproduces her
     * trained factors (exactly with the Cholesky solver, to CG accuracy otherwise). A repeated
     * item counts once per occurrence. Nothing about the profile is retained. Thread-safe.
     *
     * @param itemIndices item indices in [0, numItems)
     * @param weights weights aligned with {@code itemIndices}, finite and {@code > 0}
     * @return the profile's factors (length {@link #factors()}); zeros for an empty profile
     * @throws IllegalArgumentException for mismatched lengths, an index out of range or a weight
     *     that is not finite and positive (naming the entry)
     */
    public float[] foldIn(int[] itemIndices, float[] weights) {
      Profile.check(itemIndices, weights, numItems);
      float[] x = new float[config.factors];
      foldInSolver.solveCholesky(profileRow(itemIndices, weights), 0, items, itemGram, x, null, numItems,
          scratch.get());
      return x;
    }

    /**
     * Explains the fold-in score of {@code item} by the item-based decomposition of Hu, Koren
     * &amp; Volinsky (2008, §5): with W = (YᵀC·Y + reg·I)⁻¹ the profile's inverse system matrix,
     * the score is y_i·x = Σ_j c_j·(y_iᵀ·W·y_j), and profile item j contributes c_j·y_iᵀ·W·y_j
     * (c_j = 1 + α·w_j). The contributions sum to the {@link #foldIn} score. Cost O(n·f² + f³).
     */
    @Override
    public Explanation explain(int[] profileItems, float[] weights, int item, int maxReasons) {
      Profile profile = Profile.of(profileItems, weights, numItems);
      Profile.checkItem(item, numItems);
      if (maxReasons < 0) {
        throw new IllegalArgumentException("maxReasons must be >= 0. Provided value: " + maxReasons);
      }
      int[] js = profile.items();
      float[] contributions = new float[js.length];
      double score = foldInSolver.decompose(profileRow(js, profile.weights()), items, itemGram, numItems, item,
          contributions);
      return Explanation.ofTop(item, (float) score, js, contributions, maxReasons);
    }

    private IalsSolver.Csr profileRow(int[] itemIndices, float[] weights) {
      float[] aw = new float[itemIndices.length];
      for (int q = 0; q < aw.length; q++) {
        aw[q] = IalsSolver.confidenceExcess(config.alpha, weights[q]);
      }
      return new IalsSolver.Csr(new int[] {0, itemIndices.length}, itemIndices.clone(), aw, numItems);
    }

    /**
     * The model after the erasure of customers, re-solved from {@link Erasure#after()} (the data
     * without them): every remaining customer's factors are folded in (exact Cholesky solves)
     * against the current item factors, then every item's factors are re-solved exactly from
     * them (one Cholesky half-step), with the regularisation's customer count reduced by the
     * erased ones. Nothing of the erased customers' rows enters the new item factors, but the
     * current item factors still carry their trace through the other customers' fold-in: {@link
     * ModelUpdate#APPROXIMATE_RETRAIN_RECOMMENDED}. Cost of one alternating iteration, O(nnz·f² +
     * (customers + items)·f³), on the configured threads. The receiver is unchanged.
     *
     * @throws IllegalArgumentException if {@code erasure.before()} has another number of items
     */
    @Override
    public ModelUpdate.Result forget(Erasure erasure) {
      ModelFiles.checkErasure(erasure, numItems);
      InteractionMatrix after = erasure.after();
      int f = config.factors;
      int numUsers = after.numUsers();
      float[] users = new float[numUsers * f];
      float[] newItems = items.clone();
      float[] newGram;
      try (IalsSolver s = solver(config.threads)) {
        // Erased customers have empty rows in after: their folded-in factors are zero.
        s.halfStep(IalsSolver.Csr.rowsOf(after, config.alpha), items, itemGram, users, 0, null, numItems);
        s.halfStep(IalsSolver.Csr.columnsOf(after, config.alpha), users, s.gram(users, numUsers), newItems, 0, null,
            numUsers - erasure.size());
        newGram = s.gram(newItems, numItems);
      }
      return new ModelUpdate.Result(new Model(config, ids, newItems, newGram),
          ModelUpdate.APPROXIMATE_RETRAIN_RECOMMENDED);
    }

    /**
     * The training objective (see {@link Ials}) of this model on {@code train}, with every
     * customer's factors folded in from her row (exact solves; for a model fitted with the
     * Cholesky solver these are her trained factors up to rounding). Cost O(nnz·f² + users·f³).
     *
     * @throws IllegalArgumentException if {@code train} has another number of items
     */
    public double loss(InteractionMatrix train) {
      checkItems(train);
      int f = config.factors;
      float[] users = new float[train.numUsers() * f];
      try (IalsSolver s = solver(config.threads)) {
        IalsSolver.Csr rows = IalsSolver.Csr.rowsOf(train, config.alpha);
        s.halfStep(rows, items, itemGram, users, 0, null, numItems);
        return s.loss(rows, IalsSolver.Csr.columnsOf(train, config.alpha), users, items);
      }
    }

    /** The training objective with the given customer factors (diagnostics of the fit). */
    double loss(InteractionMatrix train, float[] userFactors) {
      checkItems(train);
      try (IalsSolver s = solver(1)) {
        return s.loss(IalsSolver.Csr.rowsOf(train, config.alpha), IalsSolver.Csr.columnsOf(train, config.alpha),
            userFactors, items);
      }
    }

    private IalsSolver solver(int threads) {
      return new IalsSolver(config.factors, config.alpha, config.lambda, config.regExponent, threads);
    }

    private void checkItems(InteractionMatrix train) {
      requireNonNull(train, "train");
      if (train.numItems() != numItems) {
        throw new IllegalArgumentException("train must have numItems() equal to the model's numItems() = " + numItems
            + ". Provided value: " + train.numItems());
      }
    }

    private void checkScores(float[] scores) {
      requireNonNull(scores, "scores");
      if (scores.length != numItems) {
        throw new IllegalArgumentException("scores must have length numItems = " + numItems + ". Provided length: " + scores.length);
      }
    }

    /**
     * The model's state for {@code ModelIo}: its parameters, shape {@code [items, factors]}, the
     * item ids and the item factors (shared, not copied).
     */
    ModelIo.Contents toContents() {
      return ModelIo.Contents.builder(TYPE, LAYOUT)
          .parameters(config.parameters())
          .ints("shape", new int[] {numItems, config.factors})
          .strings(ModelFiles.ITEM_IDS, ModelFiles.itemIds(ids))
          .floats("item-factors", items)
          .build();
    }

    /**
     * Saves the model to {@code file} (atomically, checksummed; see {@code ModelIo}).
     *
     * @throws IOException if the file cannot be written; the file is then left as it was
     */
    @Override
    public void save(Path file) throws IOException {
      ModelIo.write(file, toContents());
    }

    /**
     * Loads a model saved by {@link #save}; it scores bit-for-bit like the saved one. Its {@link
     * #items()} are the ids stored in the file: a caller scoring profiles indexed by another item
     * index must compare {@code items().ids()} with that index first.
     *
     * @throws IOException naming the file if it cannot be read, is truncated or corrupted
     * @throws IllegalArgumentException naming the file if it holds another model type, an older
     *     layout (which held customer factors: refit) or inconsistent contents
     */
    public static Model load(Path file) throws IOException {
      return fromContents(ModelIo.read(file));
    }

    /**
     * Rebuilds a model from its contents (the item Gram matrix is recomputed).
     *
     * @throws IllegalArgumentException naming the source if the contents are not a valid iALS
     *     model of layout 2: wrong type or layout, unknown or invalid parameters, a shape that does
     *     not match the item ids or factors, or non-finite factors
     */
    static Model fromContents(ModelIo.Contents c) {
      requireNonNull(c, "contents");
      ModelFiles.requireLayout(c, TYPE, LAYOUT);
      String source = c.source();
      Params params = new Params(TYPE, c.parameters());
      Ials config = (Ials) Ials.fromParams(params);
      params.checkNoneUnknown();
      IdIndex ids = ModelFiles.readItems(c);
      int[] shape = c.ints("shape");
      if (shape.length != 2 || shape[0] != ids.size() || shape[1] != config.factors) {
        throw new IllegalArgumentException(source + ": shape must be [items = " + ids.size() + ", factors = "
            + config.factors + "]. Provided: " + Arrays.toString(shape));
      }
      float[] items = c.floats("item-factors");
      checkFactors(source, "item-factors", items, shape[0], config.factors);
      float[] gram;
      try (IalsSolver s = new IalsSolver(config.factors, config.alpha, config.lambda, config.regExponent, 1)) {
        gram = s.gram(items, shape[0]);
      }
      return new Model(config, ids, items, gram);
    }

    private static void checkFactors(String source, String name, float[] values, int rows, int factors) {
      if ((long) rows * factors != values.length) {
        throw new IllegalArgumentException(source + ": " + name + " holds " + values.length + " values, expected "
            + rows + " × " + factors);
      }
      for (float v : values) {
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException(source + ": " + name + " contains a non-finite value: " + v);
        }
      }
    }

    @Override
    public String toString() {
      return "Ials.Model{items=" + numItems + ", factors=" + config.factors + "}";
    }
  }
}
