package io.privrec.core.cf;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.IalsSolver;
import io.privrec.core.cf.internal.Profile;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.Explainable;
import io.privrec.core.model.Explanation;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.ModelIo;
import io.privrec.core.model.Params;
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
 * final user factors are consistent with the final item factors (and {@link Model#foldIn} of a
 * training user reproduces them). A row's normal equations use the Gram matrix of the other side,
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
 * split carved from the training part of MovieLens 100K (ratings ≥ 4, 20 % per-user holdout);
 * accuracy was flat from 64 to 200 factors and past 10 iterations, and 3 CG steps matched the
 * exact solver. With ν = 1 a good λ scales with the catalogue and user counts: re-tune λ on
 * other data.
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
 * jdk.incubator.vector}, about twice as fast as the plain loops).
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
   * Factory for {@link io.privrec.core.model.Algorithms}: reads {@code factors}, {@code
   * iterations}, {@code alpha}, {@code lambda}, {@code reg-exponent}, {@code solver}, {@code
   * cg-steps}, {@code seed} and {@code threads}.
   *
   * @throws IllegalArgumentException for a malformed or out-of-range value
   */
  public static Algorithm fromParams(Params params) {
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
   * @throws IllegalArgumentException if {@code users × factors} or {@code items × factors} exceeds
   *     the largest Java array
   */
  @Override
  public Model fit(InteractionMatrix train, FitListener listener) {
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
    return new Model(this, nUsers, nItems, users, items, itemGram);
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
   * A fitted iALS model: user and item factors, scoring, fold-in of unseen profiles,
   * explanations, exact re-solving of the item factors without a set of users, and persistence
   * through {@link ModelIo} (model type {@code "ials"}).
   *
   * <p>Scores are dot products x_u·y_i (finite for finite factors; not probabilities). Immutable
   * and thread-safe: every accessor returns a copy and every call uses its own scratch space.
   */
  public static final class Model implements ItemScorer, Explainable, ModelIo.Persistable {
    static final String TYPE = "ials";
    static final int LAYOUT = 1;

    private final Ials config;
    private final int numUsers;
    private final int numItems;
    private final float[] users;
    private final float[] items;
    private final float[] itemGram;

    Model(Ials config, int numUsers, int numItems, float[] users, float[] items, float[] itemGram) {
      this.config = config;
      this.numUsers = numUsers;
      this.numItems = numItems;
      this.users = users;
      this.items = items;
      this.itemGram = itemGram;
    }

    /** The configuration this model was fitted with. */
    public Ials algorithm() {
      return config;
    }

    /** Number of latent factors f. */
    public int factors() {
      return config.factors;
    }

    /** Number of training users (rows of {@link #userFactors()}). */
    public int numUsers() {
      return numUsers;
    }

    @Override
    public int numItems() {
      return numItems;
    }

    /** A copy of the user factors, row-major {@code numUsers × factors}. */
    public float[] userFactors() {
      return users.clone();
    }

    /** A copy of the item factors, row-major {@code numItems × factors}. */
    public float[] itemFactors() {
      return items.clone();
    }

    /**
     * A copy of user {@code user}'s factors.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= user < numUsers()}
     */
    public float[] userVector(int user) {
      Objects.checkIndex(user, numUsers);
      int f = config.factors;
      return Arrays.copyOfRange(users, user * f, (user + 1) * f);
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

    public void scoreUser(int user, float[] scores) {
      Objects.checkIndex(user, numUsers);
      checkScores(scores);
      FloatKernelsProvider.kernels().gemv(items, numItems, config.factors, users, user * config.factors, scores, 0);
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
     * Solves the factors of a profile that is not in the training data with the item factors
     * fixed: exactly the user half-step of training applied to one row (Cholesky, O(n·f² + f³)).
     * For a training user's own items and weights this reproduces her trained factors (exactly
     * with the Cholesky solver, to CG accuracy otherwise). A repeated item counts once per
     * occurrence. Nothing about the profile is retained.
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
      try (IalsSolver s = solver(1)) {
        s.solveCholesky(profileRow(itemIndices, weights), 0, items, itemGram, x, null, numItems, s.new Scratch());
      }
      return x;
    }

    /**
     * Explains the fold-in score of {@code item} by the item-based decomposition of Hu, Koren
     * &amp; Volinsky (2008, §5): with W = (YᵀC·Y + reg·I)⁻¹ the profile's inverse system matrix,
     * the score is y_i·x = Σ_j c_j·(y_iᵀ·W·y_j), and profile item j contributes c_j·y_iᵀ·W·y_j
     * (c_j = 1 + α·w_j). The contributions sum to the {@link #foldIn} score, which for a training
     * customer equals her trained score up to the solver's accuracy. Cost O(n·f² + f³).
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
      double score;
      try (IalsSolver s = solver(1)) {
        score = s.decompose(profileRow(js, profile.weights()), items, itemGram, numItems, item, contributions);
      }
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
     * The model after removing {@code removedUsers} from training: their factors become zero and
     * every item's factors are re-solved exactly (one Cholesky half-step) from the remaining users'
     * factors and interactions, with the regularisation's user count reduced accordingly. Other
     * users' factors are unchanged. This model is not modified.
     *
     * @param removedUsers distinct user indices in [0, numUsers); may be empty
     * @param train the interactions this model was fitted on (same users and items)
     * @throws IllegalArgumentException if {@code train}'s shape differs from the model's, or an
     *     index is out of range or repeated
     */
    public Model withoutUsers(int[] removedUsers, InteractionMatrix train) {
      requireNonNull(removedUsers, "removedUsers");
      checkShape(train);
      boolean[] removed = new boolean[numUsers];
      for (int u : removedUsers) {
        if (u < 0 || u >= numUsers) {
          throw new IllegalArgumentException("removedUsers index must be in [0, " + numUsers + "). Provided value: " + u);
        }
        if (removed[u]) {
          throw new IllegalArgumentException("removedUsers contains user index " + u + " more than once");
        }
        removed[u] = true;
      }
      int f = config.factors;
      float[] newUsers = users.clone();
      for (int u : removedUsers) {
        Arrays.fill(newUsers, u * f, (u + 1) * f, 0f);
      }
      float[] newItems = items.clone();
      float[] newGram;
      try (IalsSolver s = solver(config.threads)) {
        IalsSolver.Csr columns = IalsSolver.Csr.columnsOf(train, config.alpha);
        s.halfStep(columns, newUsers, s.gram(newUsers, numUsers), newItems, 0, removed, numUsers - removedUsers.length);
        newGram = s.gram(newItems, numItems);
      }
      return new Model(config, numUsers, numItems, newUsers, newItems, newGram);
    }

    /**
     * The training objective (see {@link Ials}) of this model on {@code train}.
     *
     * @throws IllegalArgumentException if {@code train}'s shape differs from the model's
     */
    public double loss(InteractionMatrix train) {
      checkShape(train);
      try (IalsSolver s = solver(1)) {
        return s.loss(IalsSolver.Csr.rowsOf(train, config.alpha), IalsSolver.Csr.columnsOf(train, config.alpha), users, items);
      }
    }

    private IalsSolver solver(int threads) {
      return new IalsSolver(config.factors, config.alpha, config.lambda, config.regExponent, threads);
    }

    private void checkShape(InteractionMatrix train) {
      requireNonNull(train, "train");
      if (train.numUsers() != numUsers || train.numItems() != numItems) {
        throw new IllegalArgumentException("train must have the model's shape " + numUsers + " users × " + numItems
            + " items. Provided: " + train.numUsers() + " × " + train.numItems());
      }
    }

    private void checkScores(float[] scores) {
      requireNonNull(scores, "scores");
      if (scores.length != numItems) {
        throw new IllegalArgumentException("scores must have length numItems = " + numItems + ". Provided length: " + scores.length);
      }
    }

    /**
     * The model's state for {@link ModelIo}: its parameters, shape {@code [users, items,
     * factors]} and both factor matrices (shared, not copied).
     */
    @Override
    public ModelIo.Contents toContents() {
      return ModelIo.Contents.builder(TYPE, LAYOUT)
          .parameters(config.parameters())
          .ints("shape", new int[] {numUsers, numItems, config.factors})
          .floats("user-factors", users)
          .floats("item-factors", items)
          .build();
    }

    /**
     * Saves the model to {@code file} (atomically, checksummed; see {@link ModelIo}).
     *
     * @throws IOException if the file cannot be written; the file is then left as it was
     */
    public void save(Path file) throws IOException {
      ModelIo.save(file, this);
    }

    /**
     * Loads a model saved by {@link #save}; it scores bit-for-bit like the saved one.
     *
     * @throws IOException naming the file if it cannot be read, is truncated or corrupted
     * @throws IllegalArgumentException naming the file if it holds another model type or
     *     inconsistent contents
     */
    public static Model load(Path file) throws IOException {
      return fromContents(ModelIo.read(file));
    }

    /**
     * Rebuilds a model from its contents (the item Gram matrix is recomputed).
     *
     * @throws IllegalArgumentException naming the source if the contents are not a valid iALS
     *     model: wrong type or layout, unknown or invalid parameters, a shape that does not match
     *     the factor arrays, or non-finite factors
     */
    public static Model fromContents(ModelIo.Contents c) {
      requireNonNull(c, "contents");
      c.requireType(TYPE, LAYOUT);
      String source = c.source();
      Params params = new Params(TYPE, c.parameters());
      Ials config = (Ials) Ials.fromParams(params);
      params.checkNoneUnknown();
      int[] shape = c.ints("shape");
      if (shape.length != 3 || shape[0] < 0 || shape[1] < 0 || shape[2] != config.factors) {
        throw new IllegalArgumentException(source + ": shape must be [users >= 0, items >= 0, factors = " + config.factors
            + "]. Provided: " + Arrays.toString(shape));
      }
      float[] users = c.floats("user-factors");
      float[] items = c.floats("item-factors");
      checkFactors(source, "user-factors", users, shape[0], config.factors);
      checkFactors(source, "item-factors", items, shape[1], config.factors);
      float[] gram;
      try (IalsSolver s = new IalsSolver(config.factors, config.alpha, config.lambda, config.regExponent, 1)) {
        gram = s.gram(items, shape[1]);
      }
      return new Model(config, shape[0], shape[1], users, items, gram);
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
      return "Ials.Model{users=" + numUsers + ", items=" + numItems + ", factors=" + config.factors + "}";
    }
  }
}
