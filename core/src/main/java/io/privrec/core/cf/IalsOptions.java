package io.privrec.core.cf;

import io.privrec.core.internal.CorePreconditions;

/**
 * The factorisation hyperparameters that implicit ALS ({@link Ials}) and its differentially
 * private twin ({@link io.privrec.core.cf.dp.DpIals}) share: the number of factors and
 * iterations, the confidence scale α, the frequency-scaled regularisation λ·(mass)^ν, the
 * conjugate-gradient steps per row, the seed of the initial factors and the worker threads (see
 * {@link Ials} for their meaning). Both builders hold one value of this record ({@code
 * Builder.options(IalsOptions)}), so the same options configure either model and are validated
 * once, here. Each algorithm's own settings (Ials' solver; DpIals' budget, clipping and noise)
 * stay on its builder, and {@link io.privrec.core.cf.dp.DpIals} accepts at most 256 factors and 50
 * iterations.
 *
 * <p>Immutable and thread-safe; equal when every component is equal (numbers compared as by
 * {@link Double#compare}).
 *
 * @param factors the number of latent factors f, in {@code [1, 1024]}
 * @param iterations the number of iterations (each re-solves items, then users), in {@code [1,
 *     1000]}
 * @param alpha the confidence scale α, finite and in {@code [0, 1e6]} (NaN rejected)
 * @param lambda the regularisation λ, finite and in {@code (0, 1e6]} (NaN rejected)
 * @param regularizationExponent the frequency-scaling exponent ν of the regularisation (0: constant
 *     λ), in {@code [0, 2]} (NaN rejected)
 * @param cgSteps the conjugate-gradient steps per row and half-iteration, in {@code [1, 100]}
 * @param seed the seed of the data-independent initial factors (any value; not privacy noise)
 * @param threads the worker threads of a fit, in {@code [1, 1024]} (results do not depend on it)
 */
public record IalsOptions(int factors, int iterations, double alpha, double lambda, double regularizationExponent,
    int cgSteps, long seed, int threads) {
  /** The most latent factors. */
  public static final int MAX_FACTORS = 1024;
  /** The most iterations. */
  public static final int MAX_ITERATIONS = 1000;
  /** The largest α and the largest λ. */
  public static final double MAX_SCALE = 1e6;
  /** The largest regularisation exponent ν. */
  public static final double MAX_REGULARIZATION_EXPONENT = 2;
  /** The most conjugate-gradient steps. */
  public static final int MAX_CG_STEPS = 100;
  /** The most worker threads. */
  public static final int MAX_THREADS = 1024;

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException naming the first parameter out of its range (as on the command
   *     line, e.g. {@code reg-exponent}), the range and the value
   */
  public IalsOptions {
    checkRange("factors", factors, MAX_FACTORS);
    checkRange("iterations", iterations, MAX_ITERATIONS);
    if (!(alpha >= 0 && alpha <= MAX_SCALE)) {
      throw CorePreconditions.fail("alpha", "must be finite and in [0, 1e6]", alpha);
    }
    if (!(lambda > 0 && lambda <= MAX_SCALE)) {
      throw CorePreconditions.fail("lambda", "must be finite and in (0, 1e6]", lambda);
    }
    if (!(regularizationExponent >= 0 && regularizationExponent <= MAX_REGULARIZATION_EXPONENT)) {
      throw CorePreconditions.fail("reg-exponent", "must be finite and in [0, 2]", regularizationExponent);
    }
    checkRange("cg-steps", cgSteps, MAX_CG_STEPS);
    checkRange("threads", threads, MAX_THREADS);
  }

  /**
   * {@link Ials}'s defaults: {@value Ials#DEFAULT_FACTORS} factors, {@value Ials#DEFAULT_ITERATIONS}
   * iterations, α = {@value Ials#DEFAULT_ALPHA}, λ = {@value Ials#DEFAULT_LAMBDA}, ν = {@value
   * Ials#DEFAULT_REG_EXPONENT}, {@value Ials#DEFAULT_CG_STEPS} CG steps, seed {@value
   * Ials#DEFAULT_SEED} and one thread per available processor (at most 1024). ({@link
   * io.privrec.core.cf.dp.DpIals} starts from its own defaults.)
   */
  public static IalsOptions defaults() {
    return new IalsOptions(Ials.DEFAULT_FACTORS, Ials.DEFAULT_ITERATIONS, Ials.DEFAULT_ALPHA, Ials.DEFAULT_LAMBDA,
        Ials.DEFAULT_REG_EXPONENT, Ials.DEFAULT_CG_STEPS, Ials.DEFAULT_SEED,
        Math.min(Runtime.getRuntime().availableProcessors(), MAX_THREADS));
  }

  /**
   * A copy with {@code factors}.
   *
   * @throws IllegalArgumentException unless in {@code [1, 1024]}
   */
  public IalsOptions withFactors(int factors) {
    return new IalsOptions(factors, iterations, alpha, lambda, regularizationExponent, cgSteps, seed, threads);
  }

  /**
   * A copy with {@code iterations}.
   *
   * @throws IllegalArgumentException unless in {@code [1, 1000]}
   */
  public IalsOptions withIterations(int iterations) {
    return new IalsOptions(factors, iterations, alpha, lambda, regularizationExponent, cgSteps, seed, threads);
  }

  /**
   * A copy with {@code alpha}.
   *
   * @throws IllegalArgumentException unless finite and in {@code [0, 1e6]}
   */
  public IalsOptions withAlpha(double alpha) {
    return new IalsOptions(factors, iterations, alpha, lambda, regularizationExponent, cgSteps, seed, threads);
  }

  /**
   * A copy with {@code lambda}.
   *
   * @throws IllegalArgumentException unless finite and in {@code (0, 1e6]}
   */
  public IalsOptions withLambda(double lambda) {
    return new IalsOptions(factors, iterations, alpha, lambda, regularizationExponent, cgSteps, seed, threads);
  }

  /**
   * A copy with {@code regularizationExponent}.
   *
   * @throws IllegalArgumentException unless in {@code [0, 2]}
   */
  public IalsOptions withRegularizationExponent(double regularizationExponent) {
    return new IalsOptions(factors, iterations, alpha, lambda, regularizationExponent, cgSteps, seed, threads);
  }

  /**
   * A copy with {@code cgSteps}.
   *
   * @throws IllegalArgumentException unless in {@code [1, 100]}
   */
  public IalsOptions withCgSteps(int cgSteps) {
    return new IalsOptions(factors, iterations, alpha, lambda, regularizationExponent, cgSteps, seed, threads);
  }

  /** A copy with {@code seed} (any value). */
  public IalsOptions withSeed(long seed) {
    return new IalsOptions(factors, iterations, alpha, lambda, regularizationExponent, cgSteps, seed, threads);
  }

  /**
   * A copy with {@code threads}.
   *
   * @throws IllegalArgumentException unless in {@code [1, 1024]}
   */
  public IalsOptions withThreads(int threads) {
    return new IalsOptions(factors, iterations, alpha, lambda, regularizationExponent, cgSteps, seed, threads);
  }

  private static void checkRange(String name, int value, int max) {
    CorePreconditions.checkInRange(name, value, 1, max);
  }

  /**
   * The setters of a builder that holds these options: iALS's and its private twin's, so each
   * hyperparameter is set, checked and documented once. A builder may narrow a range (the
   * private twin caps factors and iterations) by overriding a setter and {@link #options(IalsOptions)}.
   *
   * @param <B> the builder type, returned for chaining
   */
  public interface Setters<B extends Setters<B>> {
    /** The options set so far (the builder's defaults if none were set). */
    IalsOptions options();

    /**
     * Replaces every factorisation hyperparameter.
     *
     * @throws NullPointerException if {@code options} is null
     */
    B options(IalsOptions options);

    /**
     * Number of latent factors.
     *
     * @throws IllegalArgumentException unless in [1, {@value IalsOptions#MAX_FACTORS}]
     */
    default B factors(int factors) {
      return options(options().withFactors(factors));
    }

    /**
     * Number of iterations.
     *
     * @throws IllegalArgumentException unless in [1, {@value IalsOptions#MAX_ITERATIONS}]
     */
    default B iterations(int iterations) {
      return options(options().withIterations(iterations));
    }

    /**
     * Confidence scale α in c = 1 + α·w.
     *
     * @throws IllegalArgumentException unless finite and in [0, 10⁶] (NaN rejected)
     */
    default B alpha(double alpha) {
      return options(options().withAlpha(alpha));
    }

    /**
     * Regularisation λ.
     *
     * @throws IllegalArgumentException unless finite and in (0, 10⁶] (NaN rejected)
     */
    default B lambda(double lambda) {
      return options(options().withLambda(lambda));
    }

    /**
     * Frequency-scaling exponent ν of the regularisation (0 = constant λ).
     *
     * @throws IllegalArgumentException unless in [0, 2] (NaN rejected)
     */
    default B regularizationExponent(double regularizationExponent) {
      return options(options().withRegularizationExponent(regularizationExponent));
    }

    /**
     * Conjugate-gradient steps per row and half-iteration.
     *
     * @throws IllegalArgumentException unless in [1, {@value IalsOptions#MAX_CG_STEPS}]
     */
    default B cgSteps(int cgSteps) {
      return options(options().withCgSteps(cgSteps));
    }

    /** Seed of the data-independent initial factors (not of any noise). */
    default B seed(long seed) {
      return options(options().withSeed(seed));
    }

    /**
     * Worker threads.
     *
     * @throws IllegalArgumentException unless in [1, {@value IalsOptions#MAX_THREADS}]
     */
    default B threads(int threads) {
      return options(options().withThreads(threads));
    }
  }
}
