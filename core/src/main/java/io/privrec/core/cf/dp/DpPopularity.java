package io.privrec.core.cf.dp;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.dp.internal.BoundingChecks;
import io.privrec.core.cf.dp.internal.BoundingRows;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.Params;
import io.privrec.core.model.PrivateAlgorithm;
import io.privrec.dp.budget.BudgetRequest;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.budget.PrivacyCost;
import io.privrec.dp.noise.DiscreteGaussianNoise;
import io.privrec.dp.noise.DiscreteLaplaceNoise;
import io.privrec.dp.noise.Noise;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Differentially private most-popular items: noisy global item counts and, optionally, noisy
 * per-cohort counts ("popular with customers like you").
 *
 * <h2>Guarantee</h2>
 * Everything the fitted {@link DpPopularityModel} releases (global counts, cohort counts, the
 * ranking they induce) is (ε, δ)-differentially private for add/remove-one-user neighbours, the
 * privacy unit being one customer and all her interactions. The cohort assignment is treated as
 * public: it must be a function of the customer's own (consented) attributes, not of other
 * customers' interactions (e.g. k-anonymous cohorts built from quasi-identifiers).
 *
 * <h2>Mechanism and proof sketch</h2>
 * <ol>
 *   <li><b>Bounding.</b> Each user keeps at most {@code m = max-items-per-user} of her distinct
 *       items, a uniform subset ({@link BoundingRows}); weights are dropped.
 *   <li><b>Sensitivity.</b> On bounded data a user changes at most {@code m} item counts by 1 each:
 *       L1 sensitivity {@code m}, L2 sensitivity {@code √m}. The cohort count vectors, taken
 *       together, have the same sensitivities, because each user belongs to exactly one cohort and
 *       changes only her cohort's vector (parallel composition, McSherry, "Privacy integrated
 *       queries", SIGMOD 2009, Thm. 4).
 *   <li><b>Noise.</b> {@code laplace}: discrete Laplace with scale {@code m/ε′}, ε′-DP (Ghosh,
 *       Roughgarden &amp; Sundararajan, STOC 2009). {@code gaussian}: discrete Gaussian calibrated
 *       to L2 sensitivity {@code √m} at (ε′, δ′) through zCDP (Canonne, Kamath &amp; Steinke,
 *       NeurIPS 2020, Thm. 4 and Cor. 13). {@code auto} (default) picks the one with the smaller
 *       standard deviation for the public (m, ε′, δ′): Laplace has {@code √2·m/ε′}, the Gaussian
 *       about {@code √m·√(2 ln(1/δ′))/ε′}, so the Gaussian wins once {@code m} exceeds roughly
 *       {@code ln(1/δ′)} (about 14 at δ′ = 10⁻⁶), Laplace for small {@code m} or small ε′.
 *   <li><b>Composition.</b> Without cohorts all of (ε, δ) goes to the global counts. With cohorts,
 *       global and cohort counts each get half of ε and of δ (basic composition). Every release is
 *       charged to the {@link PrivacyAccountant} before any count is computed.
 * </ol>
 *
 * <h2>Scores</h2>
 * A visitor ({@code scoreProfile}) gets the global noisy counts. A customer ({@code scoreUser}) of
 * cohort {@code k} gets {@code n_k(i) + (T_k/T)·n(i)}: her cohort's noisy count plus the global
 * count scaled to the cohort's size ({@code T_k}, {@code T}: sums of the positive noisy counts), so
 * small cohorts fall back to the global ranking. All post-processing.
 *
 * <h2>Parameters ({@link io.privrec.core.model.Algorithms} keys)</h2>
 * {@code epsilon} in (0, 100], default {@value #DEFAULT_EPSILON}; {@code delta} in (0, 0.01],
 * default {@value #DEFAULT_DELTA}; {@code max-items-per-user} in [1, 10,000], default {@value
 * #DEFAULT_MAX_ITEMS_PER_USER}; {@code noise} = {@code auto} | {@code laplace} | {@code gaussian}.
 * Cohorts are set through {@link Builder#cohorts} (Java API).
 *
 * <p>Randomness: {@link RandomSources#secure()}; {@link Builder#insecureReproducibleForTesting}
 * (Java API only) voids the guarantee. Fit O(interactions + items · cohorts). Immutable and
 * thread-safe.
 */
public final class DpPopularity implements PrivateAlgorithm {
  /** Default ε. */
  public static final double DEFAULT_EPSILON = 1.0;
  /** Default δ. */
  public static final double DEFAULT_DELTA = 1e-6;
  /** Default bound on items kept per user. */
  public static final int DEFAULT_MAX_ITEMS_PER_USER = 20;

  /** Noise family for the counts. */
  public enum NoiseKind {
    /** Whichever of the two has the smaller standard deviation. */
    AUTO,
    /** Discrete Laplace, L1 sensitivity {@code m}, pure ε-DP. */
    LAPLACE,
    /** Discrete Gaussian, L2 sensitivity {@code √m}. */
    GAUSSIAN;

    /** The parameter value, e.g. {@code auto}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final double epsilon;
  private final double delta;
  private final int maxItemsPerUser;
  private final NoiseKind noise;
  private final int numCohorts;
  private final ToIntFunction<String> cohortOfCustomer;
  private final boolean insecure;
  private final long insecureSeed;
  private final Function<RandomSource, Noise> noiseForTesting;

  private DpPopularity(Builder b) {
    this.epsilon = b.epsilon;
    this.delta = b.delta;
    this.maxItemsPerUser = b.maxItemsPerUser;
    this.noise = b.noise;
    this.numCohorts = b.numCohorts;
    this.cohortOfCustomer = b.cohortOfCustomer;
    this.insecure = b.insecure;
    this.insecureSeed = b.insecureSeed;
    this.noiseForTesting = b.noiseForTesting;
  }

  /** A builder with the default parameters. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the parameters listed in the class documentation (never cohorts or the insecure source).
   *
   * @throws IllegalArgumentException for a bad value
   */
  public static DpPopularity fromParams(Params params) {
    Builder b = builder();
    b.epsilon(params.number("epsilon", DEFAULT_EPSILON, Double.MIN_VALUE, 100));
    b.delta(params.number("delta", DEFAULT_DELTA, Double.MIN_VALUE, 0.01));
    b.maxItemsPerUser(params.integer("max-items-per-user", DEFAULT_MAX_ITEMS_PER_USER, 1, 10_000));
    b.noise(NoiseKind.valueOf(params.choice("noise", "auto", "auto", "laplace", "gaussian").toUpperCase(Locale.ROOT)));
    return b.build();
  }

  @Override
  public String name() {
    return "dp-popularity";
  }

  @Override
  public Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("epsilon", Double.toString(epsilon));
    p.put("delta", Double.toString(delta));
    p.put("max-items-per-user", Integer.toString(maxItemsPerUser));
    p.put("noise", noise.key());
    if (numCohorts > 0) {
      p.put("cohorts", Integer.toString(numCohorts));
    }
    if (insecure) {
      p.put("random-source", "insecure-reproducible-for-testing");
    }
    return p;
  }

  @Override
  public PrivacyBudget budget() {
    return PrivacyBudget.of(epsilon, delta);
  }

  /**
   * The noise family a release with share (ε′, δ′) of the budget uses: the configured one, or for
   * {@code auto} the one with the smaller standard deviation. Depends on public values only.
   */
  NoiseKind mechanismFor(double epsilonShare, double deltaShare) {
    if (noise != NoiseKind.AUTO) {
      return noise;
    }
    double laplace = Math.sqrt(2) * maxItemsPerUser / epsilonShare;
    double gaussian = DiscreteGaussianNoise.create().sigma(Math.sqrt(maxItemsPerUser), epsilonShare, deltaShare);
    return gaussian < laplace ? NoiseKind.GAUSSIAN : NoiseKind.LAPLACE;
  }

  /** Fits with a fresh accountant whose total is exactly {@link #budget()}. */
  @Override
  public DpPopularityModel fit(InteractionMatrix train, FitListener listener) {
    return fit(train, listener, PrivacyAccountant.create(budget()));
  }

  /**
   * Fits the model. Progress stages: {@code bounding}, {@code counts}, {@code cohorts}.
   *
   * @throws io.privrec.dp.budget.PrivacyBudgetExceededException if {@code accountant} cannot afford
   *     {@link #budget()} (nothing is computed or released)
   * @throws IllegalArgumentException if the cohort function returns a value outside {@code [0,
   *     numCohorts)} for a customer of {@code train} (checked before any budget is spent)
   */
  @Override
  public DpPopularityModel fit(InteractionMatrix train, FitListener listener, PrivacyAccountant accountant) {
    requireNonNull(train, "train");
    requireNonNull(listener, "listener");
    requireNonNull(accountant, "accountant");
    int[] cohortOfUser = numCohorts > 0 ? cohortsOf(train) : null;
    PrivacyBudget[] shares = numCohorts > 0 ? budget().split(1, 1) : new PrivacyBudget[] {budget()};
    List<BudgetRequest> requests = new ArrayList<>();
    NoiseKind[] kinds = new NoiseKind[shares.length];
    String[] labels = {"dp-popularity item counts", "dp-popularity cohort item counts"};
    for (int s = 0; s < shares.length; s++) {
      kinds[s] = noiseForTesting != null ? kindOf(noiseForTesting.apply(RandomSources.secure()))
          : mechanismFor(shares[s].epsilon(), shares[s].delta());
      PrivacyCost cost = kinds[s] == NoiseKind.LAPLACE
          ? PrivacyCost.pureDp(shares[s].epsilon()).withMechanism("discrete-laplace")
          : PrivacyCost.approximateDp(shares[s].epsilon(), shares[s].delta()).withMechanism("discrete-gaussian");
      requests.add(BudgetRequest.of(labels[s], cost));
    }
    accountant.allocateAll(requests);
    RandomSource random = BoundingChecks.source(insecure, insecureSeed);
    listener.progress("bounding", 0.0);
    BoundingRows rows = BoundingRows.sample(train, maxItemsPerUser, random);
    listener.progress("counts", 0.4);
    long[] counts = rows.itemCounts();
    addNoise(counts, kinds[0], shares[0], random);
    long[][] cohortCounts = null;
    if (numCohorts > 0) {
      listener.progress("cohorts", 0.7);
      int n = rows.numItems();
      long[] flat = new long[Math.multiplyExact(numCohorts, n)];
      int[] ptr = rows.pointers();
      int[] items = rows.items();
      for (int u = 0; u < rows.numUsers(); u++) {
        int base = cohortOfUser[u] * n;
        for (int p = ptr[u]; p < ptr[u + 1]; p++) {
          flat[base + items[p]]++;
        }
      }
      // One vector release over all cohorts: a user changes only her cohort's block.
      addNoise(flat, kinds[1], shares[1], random);
      cohortCounts = new long[numCohorts][];
      for (int k = 0; k < numCohorts; k++) {
        cohortCounts[k] = Arrays.copyOfRange(flat, k * n, (k + 1) * n);
      }
    }
    listener.progress("cohorts", 1.0);
    return new DpPopularityModel(this, counts, cohortOfUser, cohortCounts, train.numUsers());
  }

  private void addNoise(long[] counts, NoiseKind kind, PrivacyBudget share, RandomSource random) {
    if (noiseForTesting != null) {
      Noise n = noiseForTesting.apply(random);
      double sensitivity = n.vectorSensitivityNorm() == Noise.Norm.L1 ? maxItemsPerUser : Math.sqrt(maxItemsPerUser);
      n.addNoiseInPlace(counts, sensitivity, share.epsilon(), kind == NoiseKind.LAPLACE ? 0 : share.delta());
    } else if (kind == NoiseKind.LAPLACE) {
      DiscreteLaplaceNoise.create(random).addNoiseInPlace(counts, maxItemsPerUser, share.epsilon(), 0);
    } else {
      DiscreteGaussianNoise.create(random).addNoiseInPlace(counts, Math.sqrt(maxItemsPerUser), share.epsilon(),
          share.delta());
    }
  }

  private static NoiseKind kindOf(Noise n) {
    return n.vectorSensitivityNorm() == Noise.Norm.L1 ? NoiseKind.LAPLACE : NoiseKind.GAUSSIAN;
  }

  private int[] cohortsOf(InteractionMatrix train) {
    int[] out = new int[train.numUsers()];
    for (int u = 0; u < out.length; u++) {
      String id = train.users().id(u);
      int c = cohortOfCustomer.applyAsInt(id);
      if (c < 0 || c >= numCohorts) {
        throw new IllegalArgumentException("cohort of customer '" + id + "' must be in [0, " + numCohorts
            + "). Provided value: " + c);
      }
      out[u] = c;
    }
    return out;
  }

  /** ε of the budget. */
  public double epsilon() {
    return epsilon;
  }

  /** δ of the budget. */
  public double delta() {
    return delta;
  }

  /** Items kept per user. */
  public int maxItemsPerUser() {
    return maxItemsPerUser;
  }

  /** The configured noise family. */
  public NoiseKind noise() {
    return noise;
  }

  /** Number of cohorts, 0 when none are configured. */
  public int numCohorts() {
    return numCohorts;
  }

  @Override
  public String toString() {
    return "dp-popularity" + parameters();
  }

  /** Builder of {@link DpPopularity}; not thread-safe. */
  public static final class Builder {
    private double epsilon = DEFAULT_EPSILON;
    private double delta = DEFAULT_DELTA;
    private int maxItemsPerUser = DEFAULT_MAX_ITEMS_PER_USER;
    private NoiseKind noise = NoiseKind.AUTO;
    private int numCohorts;
    private ToIntFunction<String> cohortOfCustomer;
    private boolean insecure;
    private long insecureSeed;
    private Function<RandomSource, Noise> noiseForTesting;

    private Builder() {}

    /**
     * Sets ε.
     *
     * @throws IllegalArgumentException unless finite and {@code > 0}
     */
    public Builder epsilon(double epsilon) {
      this.epsilon = BoundingChecks.epsilon(epsilon);
      return this;
    }

    /**
     * Sets δ (used by the Gaussian; ignored by Laplace releases).
     *
     * @throws IllegalArgumentException unless in {@code (0, 1)}
     */
    public Builder delta(double delta) {
      this.delta = BoundingChecks.delta(delta);
      return this;
    }

    /**
     * Sets the number of items kept per user.
     *
     * @throws IllegalArgumentException unless in {@code [1, 10,000]}
     */
    public Builder maxItemsPerUser(int maxItemsPerUser) {
      this.maxItemsPerUser = BoundingChecks.maxItemsPerUser(maxItemsPerUser, 1);
      return this;
    }

    /** Sets the noise family. */
    public Builder noise(NoiseKind noise) {
      this.noise = requireNonNull(noise, "noise");
      return this;
    }

    /**
     * Also releases per-cohort counts. {@code cohortOfCustomer} maps a customer id (as in the
     * training data's user index) to her cohort in {@code [0, numCohorts)}; it must not depend on
     * other customers' interactions. The number of cohorts is public.
     *
     * @throws IllegalArgumentException if {@code numCohorts < 1}
     * @throws NullPointerException if {@code cohortOfCustomer} is null
     */
    public Builder cohorts(int numCohorts, ToIntFunction<String> cohortOfCustomer) {
      if (numCohorts < 1) {
        throw new IllegalArgumentException("numCohorts must be >= 1. Provided value: " + numCohorts);
      }
      this.cohortOfCustomer = requireNonNull(cohortOfCustomer, "cohortOfCustomer");
      this.numCohorts = numCohorts;
      return this;
    }

    /**
     * Draws bounding and noise from {@link RandomSources#insecureReproducibleForTesting(long)} with
     * {@code seed}, a fresh stream per fit. <b>Voids the privacy guarantee</b>. Tests only.
     */
    public Builder insecureReproducibleForTesting(long seed) {
      this.insecure = true;
      this.insecureSeed = seed;
      return this;
    }

    /** Replaces the count noise (tests only: e.g. a zero-noise double); its norm picks the sensitivity. */
    Builder noiseForTesting(Function<RandomSource, Noise> factory) {
      this.noiseForTesting = requireNonNull(factory, "factory");
      return this;
    }

    /** Builds the algorithm. */
    public DpPopularity build() {
      return new DpPopularity(this);
    }
  }
}
