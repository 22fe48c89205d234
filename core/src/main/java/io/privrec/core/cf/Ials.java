package io.privrec.core.cf;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.IalsSolver;
import io.privrec.core.cf.internal.Params;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.FitListener;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
 * final user factors are consistent with the final item factors: {@link IalsModel#foldIn} of a
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
 * independently on up to {@code threads} threads (the calling thread and the library's shared
 * worker threads), so a fit is bit-for-bit reproducible for a given seed and kernel
 * implementation, whatever the thread count.
 *
 * <h2>Parameters</h2>
 * {@code factors} f ∈ [1, 1024]; {@code iterations} ∈ [1, 1000]; {@code alpha} α ∈ [0, 10⁶];
 * {@code lambda} λ ∈ (0, 10⁶]; {@code reg-exponent} ν ∈ [0, 2]; {@code solver} cg|cholesky;
 * {@code cg-steps} ∈ [1, 100]; {@code seed} any long; {@code threads} ∈ [1, 1024]. All but the solver
 * form one {@link IalsOptions} value, shared with {@link io.privrec.core.cf.dp.DpIals}. The defaults
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

  private final IalsOptions options;
  private final Solver solver;

  private Ials(IalsOptions options, Solver solver) {
    this.options = options;
    this.solver = solver;
  }

  /** Starts a builder with the tuned defaults ({@link IalsOptions#defaults()}) and the CG solver. */
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
    return Algorithms.read("ials", params, Ials::fromParams);
  }

  /**
   * Reads the keys of {@link #fromParams(Map)} from {@code params} (unknown keys are rejected by
   * {@code Params#checkNoneUnknown()}).
   *
   * @throws IllegalArgumentException for a malformed or out-of-range value
   */
  static Ials fromParams(Params params) {
    requireNonNull(params, "params");
    IalsOptions d = IalsOptions.defaults();
    Builder b = builder()
        .factors(params.integer("factors", d.factors(), 1, IalsOptions.MAX_FACTORS))
        .iterations(params.integer("iterations", d.iterations(), 1, IalsOptions.MAX_ITERATIONS))
        .alpha(params.number("alpha", d.alpha(), 0, IalsOptions.MAX_SCALE))
        .lambda(params.number("lambda", d.lambda(), 0, IalsOptions.MAX_SCALE))
        .regularizationExponent(params.number("reg-exponent", d.regularizationExponent(), 0,
            IalsOptions.MAX_REGULARIZATION_EXPONENT))
        .solver(Solver.valueOf(params.choice("solver", "cg", "cg", "cholesky").toUpperCase(Locale.ROOT)))
        .cgSteps(params.integer("cg-steps", d.cgSteps(), 1, IalsOptions.MAX_CG_STEPS))
        .threads(params.integer("threads", d.threads(), 1, IalsOptions.MAX_THREADS));
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
    m.put("factors", Integer.toString(options.factors()));
    m.put("iterations", Integer.toString(options.iterations()));
    m.put("alpha", Double.toString(options.alpha()));
    m.put("lambda", Double.toString(options.lambda()));
    m.put("reg-exponent", Double.toString(options.regularizationExponent()));
    m.put("solver", solver.name().toLowerCase(Locale.ROOT));
    m.put("cg-steps", Integer.toString(options.cgSteps()));
    m.put("seed", Long.toString(options.seed()));
    m.put("threads", Integer.toString(options.threads()));
    return Collections.unmodifiableMap(m);
  }

  /** The factorisation hyperparameters (shared with {@link io.privrec.core.cf.dp.DpIals}). */
  public IalsOptions options() {
    return options;
  }

  /** The per-row solver. */
  public Solver solver() {
    return solver;
  }

  /** Fits without progress reports. */
  public IalsModel fit(InteractionMatrix train) {
    return fit(train, FitListener.NONE);
  }

  /**
   * Fits the model; reports {@code "iteration k/n"} after each iteration.
   *
   * The returned model holds the item factors only; the training customers' factors are
   * discarded (every customer is scored by {@linkplain IalsModel#foldIn fold-in} of her profile).
   *
   * @throws IllegalArgumentException if {@code users × factors} or {@code items × factors} exceeds
   *     the largest Java array
   */
  @Override
  public IalsModel fit(InteractionMatrix train, FitListener listener) {
    return fitWithUserFactors(train, listener).model();
  }

  /**
   * The factors of a fit: the model, and the training customers' final factors for diagnostics
   * (tests of the solver). The customer factors are never part of the model.
   */
  record Fitted(IalsModel model, float[] userFactors) {}

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
    IalsOptions o = options;
    IalsSolver.Csr rows = IalsSolver.Csr.rowsOf(train, o.alpha());
    IalsSolver.Csr columns = rows.transposed();
    SplittableRandom random = new SplittableRandom(o.seed());
    float[] items = IalsSolver.initialFactors(random, nItems, o.factors());
    float[] users = IalsSolver.initialFactors(random, nUsers, o.factors());
    int steps = solver == Solver.CG ? o.cgSteps() : 0;
    int iterations = o.iterations();
    IalsSolver s = newSolver(o.threads());
    for (int it = 1; it <= iterations; it++) {
      s.halfStep(columns, users, s.gram(users, nUsers), items, steps, null, nUsers);
      s.halfStep(rows, items, s.gram(items, nItems), users, steps, null, nItems);
      listener.progress("iteration " + it + "/" + iterations, (double) it / iterations);
    }
    float[] itemGram = s.gram(items, nItems);
    return new Fitted(new IalsModel(this, train.items(), items, itemGram), users);
  }

  /** A solver of these options' normal equations on {@code threads} threads. */
  IalsSolver newSolver(int threads) {
    return new IalsSolver(options.factors(), options.alpha(), options.lambda(), options.regularizationExponent(),
        threads);
  }

  private void checkSize(int rows, String what) {
    int factors = options.factors();
    if ((long) rows * factors > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(what + " × factors must fit in a Java array: " + rows + " × " + factors);
    }
  }

  @Override
  public String toString() {
    return "Ials" + parameters();
  }

  /**
   * Configures {@link Ials}: one {@link IalsOptions} value (each setter but {@link #solver} replaces
   * one of its components) and the solver. Each setter validates its argument and leaves the
   * builder unchanged on failure. Not thread-safe.
   */
  public static final class Builder implements IalsOptions.Setters<Builder> {
    private IalsOptions options = IalsOptions.defaults();
    private Solver solver = Solver.CG;

    private Builder() {}

    /**
     * Replaces every factorisation hyperparameter (e.g. the options of a {@link
     * io.privrec.core.cf.dp.DpIals}).
     *
     * @throws NullPointerException if {@code options} is null
     */
    @Override
    public Builder options(IalsOptions options) {
      this.options = requireNonNull(options, "options");
      return this;
    }

    @Override
    public IalsOptions options() {
      return options;
    }

    /** The per-row solver. */
    public Builder solver(Solver solver) {
      this.solver = requireNonNull(solver, "solver");
      return this;
    }

    /** Builds the configured algorithm. */
    public Ials build() {
      return new Ials(options, solver);
    }
  }
}
