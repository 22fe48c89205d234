package io.privrec.core.cf.dp;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.ItemCounts;
import io.privrec.core.cf.dp.internal.BoundingRows;
import io.privrec.core.cf.internal.Params;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.model.FitListener;
import io.privrec.dp.budget.BudgetRequest;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.budget.PrivacyCost;
import io.privrec.dp.noise.DiscreteGaussianNoise;
import io.privrec.dp.noise.DiscreteLaplaceNoise;
import io.privrec.dp.noise.Noise;
import io.privrec.dp.random.RandomSource;
import io.privrec.dp.random.RandomSources;
import io.privrec.dp.select.TopKSelection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Differentially private most-popular items over a public catalogue: noisy item counts, a
 * privately selected top-k ranking and optionally noisy per-cohort counts ("popular with customers
 * like you").
 *
 * <h2>Guarantee</h2>
 * Everything the fitted {@link DpPopularityModel} releases (counts, ranking, cohort counts) is (ε,
 * δ)-differentially private for add/remove-one-customer neighbours, the privacy unit being one
 * customer and all her interactions ({@code laplace} counts alone are pure ε-DP). The catalogue
 * ({@link Builder#catalogue}) is public and required: the model indexes exactly its items, in its
 * order, and interactions on other items are dropped before fitting, so no released value, length or
 * order depends on which items outside it occur in the data. Items outside the catalogue are never
 * admitted (this version has no partition selection of new items: add them to the catalogue). The
 * cohort assignment is treated as public: it must be a function of the customer's own (consented)
 * attributes, not of other customers' interactions (e.g. k-anonymous cohorts built from
 * quasi-identifiers). The fitted model keeps no customer's cohort, row or id.
 *
 * <h2>Mechanism and proof sketch</h2>
 * <ol>
 *   <li><b>Bounding.</b> Each user keeps at most {@code m = max-items-per-user} of her distinct
 *       catalogue items, a uniform subset ({@link BoundingRows}); weights are dropped.
 *   <li><b>Counts.</b> On bounded data a user changes at most {@code m} item counts by 1 each: L1
 *       sensitivity {@code m}, L2 sensitivity {@code √m}. {@code laplace}: discrete Laplace with
 *       scale {@code m/ε′}, ε′-DP (Ghosh, Roughgarden &amp; Sundararajan, STOC 2009). {@code
 *       gaussian}: discrete Gaussian at L2 sensitivity {@code √m} and (ε′, δ′) through zCDP (Canonne,
 *       Kamath &amp; Steinke, NeurIPS 2020, Thm. 4 and Cor. 13). {@code auto} (default) picks the
 *       smaller standard deviation for the public (m, ε′, δ′): Laplace has {@code √2·m/ε′}, the
 *       Gaussian about {@code √m·√(2 ln(1/δ′))/ε′}, so the Gaussian wins once {@code m} exceeds
 *       roughly {@code ln(1/δ′)}, Laplace for small {@code m}.
 *   <li><b>Ranking.</b> The {@code top-k} items are selected from the true bounded counts of the
 *       catalogue by the one-shot top-k mechanism of Durfee &amp; Rogers (NeurIPS 2019) with {@link
 *       TopKSelection}: each count has L∞ sensitivity 1 whatever {@code m}; k bounded-range
 *       selections, charged with their bounded-range composition.
 *   <li><b>Cohorts.</b> The cohort count vectors together have sensitivity {@code m} (L1) / {@code
 *       √m} (L2), because each user belongs to exactly one cohort and changes only her cohort's
 *       vector (parallel composition, McSherry, SIGMOD 2009, Thm. 4): one vector release.
 *   <li><b>Composition.</b> The budget is split by basic composition with weights counts 2,
 *       ranking 1 (if {@code top-k > 0}), cohorts 2 (if cohorts are set), or with the cohorts'
 *       share set by {@link Builder#cohortShare}; the weights depend on the configuration only. All releases are charged to the {@link PrivacyAccountant} at once,
 *       before anything is computed.
 * </ol>
 *
 * <h2>Scores</h2>
 * A profile ({@code scoreProfile}) sees the ranked items first, in released order, then every other
 * catalogue item by noisy count: every score is finite. A caller who knows a customer's public
 * cohort {@code k} may use {@link DpPopularityModel#scoreCohort}: {@code n_k(i) + (T_k/T)·n(i)},
 * her cohort's noisy count plus the global count scaled to the cohort's size ({@code T_k}, {@code
 * T}: sums of the positive noisy counts). All post-processing.
 *
 * <h2>Choosing top-k</h2>
 * The noisy counts already induce a private ranking of every item at a cost independent of the
 * catalogue size, while k peeling selections cost about {@code √k} times one selection under
 * bounded-range composition, so each selection is much noisier than the counts. The default
 * therefore releases no separate ranking; set {@code top-k} when an explicitly selected, ordered
 * list is required (for example a published "top 10").
 *
 * <h2>Parameters ({@link io.privrec.core.cf.Algorithms} keys)</h2>
 * {@code epsilon} in (0, 100], default {@value #DEFAULT_EPSILON}; {@code delta} in (0, 0.01],
 * default {@value #DEFAULT_DELTA}; {@code max-items-per-user} in [1, 10,000], default {@value
 * #DEFAULT_MAX_ITEMS_PER_USER}; {@code noise} = {@code auto} | {@code laplace} | {@code gaussian};
 * {@code top-k} in [0, 10,000], default {@value #DEFAULT_TOP_K} (0: no ranking release). Cohorts
 * and the public catalogue are set through the {@link Builder} (Java API) or {@link #withCatalogue}.
 *
 * <p>Randomness: {@link io.privrec.dp.random.RandomSources#secure()}; {@link
 * Builder#insecureReproducibleForTesting} (Java API only) voids the guarantee. Fit O(interactions
 * + items · (cohorts + top-k)). Immutable and thread-safe.
 */
public final class DpPopularity extends AbstractPrivateAlgorithm {
  /** Default ε. */
  public static final double DEFAULT_EPSILON = 1.0;
  /** Default δ. */
  public static final double DEFAULT_DELTA = 1e-6;
  /** Default bound on items kept per user. */
  public static final int DEFAULT_MAX_ITEMS_PER_USER = 20;
  /** Default size of the released ranking: none (see "Choosing top-k" in the class documentation). */
  public static final int DEFAULT_TOP_K = 0;

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

  private final NoiseKind noise;
  private final int numCohorts;
  private final ToIntFunction<String> cohortOfCustomer;
  private final double cohortShare; // NaN: the default weights
  private final int topK;
  private final Function<RandomSource, Noise> noiseForTesting;

  private DpPopularity(PrivacySettings privacy, NoiseKind noise, int numCohorts, ToIntFunction<String> cohortOfCustomer,
      double cohortShare, int topK, Function<RandomSource, Noise> noiseForTesting) {
    super(privacy);
    this.noise = noise;
    this.numCohorts = numCohorts;
    this.cohortOfCustomer = cohortOfCustomer;
    this.cohortShare = cohortShare;
    this.topK = topK;
    this.noiseForTesting = noiseForTesting;
  }

  @Override
  public DpPopularity withCatalogue(Catalogue catalogue) {
    return new DpPopularity(privacyWith(catalogue), noise, numCohorts, cohortOfCustomer, cohortShare, topK,
        noiseForTesting);
  }

  /** A builder with the default parameters. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the parameters listed in the class documentation (never cohorts or the insecure source).
   *
   * @throws IllegalArgumentException for a malformed or out-of-range value or an unknown key
   */
  public static DpPopularity fromParams(Map<String, String> params) {
    return readParams("dp-popularity", params, p -> paramsBuilder(p, 100, 0.01).build());
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
    b.noise(NoiseKind.valueOf(params.choice("noise", "auto", "auto", "laplace", "gaussian").toUpperCase(Locale.ROOT)));
    b.topK(params.integer("top-k", DEFAULT_TOP_K, 0, 10_000));
    double share = params.number("cohort-share", Double.NaN, 0, 1);
    if (!Double.isNaN(share)) {
      b.cohortShare(share);
    }
    return b;
  }

  @Override
  public String name() {
    return "dp-popularity";
  }

  @Override
  void putParameters(Map<String, String> p) {
    p.put("noise", noise.key());
    p.put("top-k", Integer.toString(topK));
    if (numCohorts > 0) {
      p.put("cohorts", Integer.toString(numCohorts));
      if (!Double.isNaN(cohortShare)) {
        p.put("cohort-share", Double.toString(cohortShare));
      }
    }
  }

  @Override
  String mechanism() {
    Plan plan = plan();
    StringBuilder m = new StringBuilder("item counts: discrete-").append(kindFor(plan.counts()).key());
    if (topK > 0) {
      m.append("; top-").append(topK).append(" ranking: one-shot top-k selection (bounded range)");
    }
    if (numCohorts > 0) {
      m.append("; cohort counts: discrete-").append(kindFor(plan.cohorts()).key());
    }
    return m.toString();
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
   * Fits the model on {@code train} restricted to the catalogue. Progress stages: {@code bounding},
   * {@code counts}, {@code ranking}, {@code cohorts}.
   *
   * @throws IllegalStateException if no catalogue is set (nothing is charged)
   * @throws io.privrec.dp.budget.PrivacyBudgetExceededException if {@code accountant} cannot afford
   *     {@link #budget()} (nothing is computed or released)
   * @throws IllegalArgumentException if the cohort function returns a value outside {@code [-1,
   *     numCohorts)} for a customer of {@code train} (checked before any budget is spent; the
   *     message names neither the customer nor the value)
   */
  @Override
  public DpPopularityModel fit(InteractionMatrix train, FitListener listener, PrivacyAccountant accountant) {
    requireNonNull(train, "train");
    requireNonNull(listener, "listener");
    requireNonNull(accountant, "accountant");
    InteractionMatrix data = onCatalogue(train);
    int[] cohortOfUser = numCohorts > 0 ? cohortsOf(data, cohortOfCustomer, numCohorts) : null;
    Plan plan = plan();
    RandomSource random = source();
    TopKSelection ranking = charge(accountant, plan, random, cohortOfUser != null);

    listener.progress("bounding", 0.0);
    BoundingRows rows = BoundingRows.sample(data, maxItemsPerUser, random);
    int n = rows.numItems();
    Release release = release(rows.itemCounts(), plan, ranking, random, listener);
    long[][] cohortCounts = null;
    if (cohortOfUser != null) {
      listener.progress("cohorts", 0.8);
      long[] flat = new long[Math.multiplyExact(numCohorts, n)];
      int[] ptr = rows.pointers();
      int[] items = rows.items();
      for (int u = 0; u < rows.numUsers(); u++) {
        if (cohortOfUser[u] < 0) {
          continue; // in no cohort: counted in the item counts only
        }
        int base = cohortOfUser[u] * n;
        for (int p = ptr[u]; p < ptr[u + 1]; p++) {
          flat[base + items[p]]++;
        }
      }
      cohortCounts = releaseCohorts(flat, n, plan, random);
    }
    listener.progress("cohorts", 1.0);
    return new DpPopularityModel(this, release.counts(), release.ranked(), cohortCounts);
  }

  /** The noisy per-cohort counts of {@code flat} (cohort by cohort, {@code n} items each; noised in place). */
  private long[][] releaseCohorts(long[] flat, int n, Plan plan, RandomSource random) {
    // One vector release over all cohorts: a user changes only her cohort's block.
    addNoise(flat, plan.cohorts, random);
    long[][] out = new long[numCohorts][];
    for (int k = 0; k < numCohorts; k++) {
      out[k] = Arrays.copyOfRange(flat, k * n, (k + 1) * n);
    }
    return out;
  }

  /**
   * Fits the model from item counts of bounded data computed elsewhere, for example by a cluster:
   * {@code counts} must be the number of customers holding each catalogue item after every
   * customer was bounded to at most {@link #maxItemsPerUser()} distinct catalogue items (each
   * counted once) by a rule that reads her own row only. The guarantee of the class documentation
   * then holds unchanged: the mechanism releases the same statistic, with the same sensitivity, the
   * same noise, ranking and accounting as {@link #fit(InteractionMatrix, FitListener,
   * PrivacyAccountant)}. The bound {@code counts} declares ({@link ItemCounts#maxItemsPerCustomer()})
   * is the caller's assurance of that bounding.
   *
   * <p>On data whose customers hold at most {@code max-items-per-user} catalogue items each (so
   * that bounding keeps every row whole and draws nothing), with the same random source, the model
   * is bit for bit the one the fit on that data gives. Progress stages: {@code counts}, {@code
   * ranking}.
   *
   * @throws IllegalStateException if no catalogue is set, or cohorts are configured (cohort counts
   *     need each customer's row: fit on an {@link InteractionMatrix}); nothing is charged
   * @throws IllegalArgumentException if {@code counts} is not indexed by the catalogue's items in
   *     its order, or is not bounded to at most {@code max-items-per-user} items per customer
   *     (nothing is charged)
   * @throws io.privrec.dp.budget.PrivacyBudgetExceededException if {@code accountant} cannot afford
   *     {@link #budget()} (nothing is computed or released)
   * @throws NullPointerException if an argument is null
   */
  public DpPopularityModel fit(ItemCounts counts, FitListener listener, PrivacyAccountant accountant) {
    requireNonNull(counts, "counts");
    requireNonNull(listener, "listener");
    requireNonNull(accountant, "accountant");
    IdIndex items = requireCatalogue().items();
    if (numCohorts > 0) {
      throw new IllegalStateException("dp-popularity with cohorts needs each customer's row to count her cohort:"
          + " fit it on an InteractionMatrix, or give the per-cohort counts too");
    }
    checkCounts("counts", counts, items);
    Plan plan = plan();
    RandomSource random = source();
    TopKSelection ranking = charge(accountant, plan, random, false);
    Release release = release(counts.counts(), plan, ranking, random, listener);
    listener.progress("counts", 1.0);
    return new DpPopularityModel(this, release.counts(), release.ranked(), null);
  }

  /**
   * Fits the model with cohorts from item counts and per-cohort item counts of bounded data
   * computed elsewhere, for example by a cluster: {@code counts} as for {@link #fit(ItemCounts,
   * FitListener, PrivacyAccountant)}, and {@code cohortCounts.get(k)} the number of customers of
   * cohort {@code k} holding each catalogue item, counted on the same bounded rows (a customer in
   * no cohort is counted in {@code counts} only). The cohort assignment plays the role of the
   * builder's cohort function, which is not called: it must be public in the same sense (a
   * function of each customer's own attributes, such as k-anonymous cohorts) and give each
   * customer at most one cohort. The guarantee of the class documentation then holds unchanged:
   * the same statistics, sensitivities (parallel composition over the cohorts), noise and
   * accounting as {@link #fit(InteractionMatrix, FitListener, PrivacyAccountant)}.
   *
   * <p>On data whose customers hold at most {@code max-items-per-user} catalogue items each, with
   * the cohorts the builder's function gives and the same random source, the model is bit for bit
   * the one the fit on that data gives. Progress stages: {@code counts}, {@code ranking}, {@code
   * cohorts}.
   *
   * @throws IllegalStateException if no catalogue is set, or no cohorts are configured; nothing is
   *     charged
   * @throws IllegalArgumentException if {@code counts} or an element of {@code cohortCounts} is not
   *     indexed by the catalogue's items in its order or not bounded to at most {@code
   *     max-items-per-user} items per customer, if {@code cohortCounts} does not hold one element
   *     per cohort, or if the cohorts count more customers on an item than {@code counts} does
   *     (nothing is charged; no count is quoted)
   * @throws io.privrec.dp.budget.PrivacyBudgetExceededException if {@code accountant} cannot afford
   *     {@link #budget()} (nothing is computed or released)
   * @throws NullPointerException if an argument or an element is null
   */
  public DpPopularityModel fit(ItemCounts counts, List<ItemCounts> cohortCounts, FitListener listener,
      PrivacyAccountant accountant) {
    requireNonNull(counts, "counts");
    requireNonNull(cohortCounts, "cohortCounts");
    requireNonNull(listener, "listener");
    requireNonNull(accountant, "accountant");
    IdIndex items = requireCatalogue().items();
    if (numCohorts == 0) {
      throw new IllegalStateException("per-cohort counts need an algorithm with cohorts: none are configured");
    }
    checkCounts("counts", counts, items);
    if (cohortCounts.size() != numCohorts) {
      throw new IllegalArgumentException("cohortCounts must hold one element per cohort (" + numCohorts
          + "). Provided size: " + cohortCounts.size());
    }
    int n = items.size();
    long[] flat = new long[Math.multiplyExact(numCohorts, n)];
    long[] inCohorts = new long[n];
    for (int k = 0; k < numCohorts; k++) {
      ItemCounts c = requireNonNull(cohortCounts.get(k), "cohortCounts element");
      checkCounts("cohortCounts[" + k + "]", c, items);
      for (int i = 0; i < n; i++) {
        flat[k * n + i] = c.count(i);
        inCohorts[i] += c.count(i);
      }
    }
    for (int i = 0; i < n; i++) {
      if (inCohorts[i] > counts.count(i)) {
        // The counts are private: not quoted.
        throw new IllegalArgumentException("cohortCounts must count a subset of the customers counted by counts;"
            + " on a catalogue item the cohorts count more (the item is not named)");
      }
    }
    Plan plan = plan();
    RandomSource random = source();
    TopKSelection ranking = charge(accountant, plan, random, true);
    Release release = release(counts.counts(), plan, ranking, random, listener);
    listener.progress("cohorts", 0.8);
    long[][] released = releaseCohorts(flat, n, plan, random);
    listener.progress("cohorts", 1.0);
    return new DpPopularityModel(this, release.counts(), release.ranked(), released);
  }

  /** Checks that {@code counts} index the catalogue's items and are bounded to max-items-per-user. */
  private void checkCounts(String name, ItemCounts counts, IdIndex items) {
    boolean sameItems = counts.numItems() == items.size();
    for (int i = 0; sameItems && i < items.size(); i++) {
      sameItems = items.id(i).equals(counts.items().id(i));
    }
    if (!sameItems) {
      throw new IllegalArgumentException(name + " must be indexed by the catalogue's " + items.size()
          + " items in catalogue order. Provided: " + counts.numItems() + " items in another order or set");
    }
    if (!counts.isBounded() || counts.maxItemsPerCustomer() > maxItemsPerUser) {
      throw new IllegalArgumentException(name + " must be bounded to at most max-items-per-user = " + maxItemsPerUser
          + " items per customer. Provided bound: " + (counts.isBounded() ? counts.maxItemsPerCustomer() : "none"));
    }
  }

  /**
   * The ranking selection (null without top-k), after charging every release of one fit to
   * {@code accountant} at once, before anything is computed.
   */
  private TopKSelection charge(PrivacyAccountant accountant, Plan plan, RandomSource random, boolean withCohorts) {
    TopKSelection ranking = topK > 0
        ? TopKSelection.create(topK, selectionEpsilon(topK, plan.ranking), 1, random) : null;
    List<BudgetRequest> requests = new ArrayList<>();
    requests.add(BudgetRequest.of("dp-popularity item counts", countCost(plan.counts)));
    if (ranking != null) {
      requests.add(BudgetRequest.of("dp-popularity top-" + topK + " ranking", ranking.cost()));
    }
    if (withCohorts) {
      requests.add(BudgetRequest.of("dp-popularity cohort item counts", countCost(plan.cohorts)));
    }
    accountant.allocateAll(requests);
    return ranking;
  }

  /** The noisy counts and the ranking, released from the true bounded counts. */
  private record Release(long[] counts, int[] ranked) {}

  /** Releases the noisy item counts, then the ranking selected from {@code trueCounts}. */
  private Release release(long[] trueCounts, Plan plan, TopKSelection ranking, RandomSource random,
      FitListener listener) {
    int n = trueCounts.length;
    listener.progress("counts", 0.4);
    long[] counts = trueCounts.clone();
    addNoise(counts, plan.counts, random);
    int[] ranked = new int[0];
    if (ranking != null && n > 0) {
      listener.progress("ranking", 0.6);
      double[] utilities = new double[n];
      for (int i = 0; i < n; i++) {
        utilities[i] = trueCounts[i];
      }
      ranked = ranking.select(utilities);
    }
    return new Release(counts, ranked);
  }

  /** Budget shares of the releases; depends on the configuration only. */
  record Plan(PrivacyBudget counts, PrivacyBudget ranking, PrivacyBudget cohorts) {}

  Plan plan() {
    List<Double> weights = new ArrayList<>(List.of(2.0));
    if (topK > 0) {
      weights.add(1.0);
    }
    if (numCohorts > 0) {
      // The cohorts' share s of the whole: weight s / (1 − s) against the others' sum.
      weights.add(Double.isNaN(cohortShare) ? 2.0 : cohortShare / (1 - cohortShare) * (topK > 0 ? 3.0 : 2.0));
    }
    PrivacyBudget[] parts = budget().split(weights.stream().mapToDouble(Double::doubleValue).toArray());
    int k = 1;
    PrivacyBudget ranking = topK > 0 ? parts[k++] : null;
    PrivacyBudget cohorts = numCohorts > 0 ? parts[k] : null;
    return new Plan(parts[0], ranking, cohorts);
  }

  private PrivacyCost countCost(PrivacyBudget share) {
    return kindFor(share) == NoiseKind.LAPLACE
        ? PrivacyCost.pureDp(share.epsilon()).withMechanism("discrete-laplace")
        : PrivacyCost.approximateDp(share.epsilon(), share.delta()).withMechanism("discrete-gaussian");
  }

  /**
   * The largest ε per selection (to a relative 1e-9, rounded down) whose k bounded-range
   * selections an accountant with total {@code share} grants: the accountant's own composition
   * (basic, or Durfee &amp; Rogers' bounded-range bound when it is smaller).
   */
  static double selectionEpsilon(int k, PrivacyBudget share) {
    PrivacyAccountant probe = PrivacyAccountant.create(share);
    double lo = share.epsilon() / k; // basic composition always fits
    double hi = share.epsilon();
    while (hi - lo > 1e-9 * hi) {
      double mid = (lo + hi) / 2;
      if (probe.canAllocate(PrivacyCost.boundedRange(mid, k))) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return Math.nextDown(lo);
  }

  private NoiseKind kindFor(PrivacyBudget share) {
    return noiseForTesting != null ? kindOf(noiseForTesting.apply(RandomSources.secure()))
        : mechanismFor(share.epsilon(), share.delta());
  }

  private void addNoise(long[] counts, PrivacyBudget share, RandomSource random) {
    NoiseKind kind = kindFor(share);
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

  /** The configured noise family. */
  public NoiseKind noise() {
    return noise;
  }

  /** Size of the released ranking (0: none). */
  public int topK() {
    return topK;
  }

  /** Number of cohorts, 0 when none are configured. */
  public int numCohorts() {
    return numCohorts;
  }

  /** Builder of {@link DpPopularity}; not thread-safe. */
  public static final class Builder extends PrivateBuilder<Builder> {
    private NoiseKind noise = NoiseKind.AUTO;
    private int numCohorts;
    private ToIntFunction<String> cohortOfCustomer;
    private double cohortShare = Double.NaN;
    private int topK = DEFAULT_TOP_K;
    private Function<RandomSource, Noise> noiseForTesting;

    private Builder() {
      super(DEFAULT_EPSILON, DEFAULT_DELTA, DEFAULT_MAX_ITEMS_PER_USER, 1);
    }

    /** Sets the noise family. */
    public Builder noise(NoiseKind noise) {
      this.noise = requireNonNull(noise, "noise");
      return this;
    }

    /**
     * Sets the size of the privately selected ranking; 0 releases no ranking.
     *
     * @throws IllegalArgumentException unless in {@code [0, 10,000]}
     */
    public Builder topK(int topK) {
      this.topK = CorePreconditions.checkInRange("top-k", topK, 0, 10_000);
      return this;
    }

    /**
     * Also releases per-cohort counts. {@code cohortOfCustomer} maps a customer id (as in the
     * training data's user index) to her cohort in {@code [0, numCohorts)}, or to {@code -1} for a
     * customer in no cohort (counted in the item counts only); it must not depend on other
     * customers' interactions. The number of cohorts is public.
     *
     * @throws IllegalArgumentException if {@code numCohorts < 1}
     * @throws NullPointerException if {@code cohortOfCustomer} is null
     */
    public Builder cohorts(int numCohorts, ToIntFunction<String> cohortOfCustomer) {
      CorePreconditions.checkPositive("numCohorts", numCohorts);
      this.cohortOfCustomer = requireNonNull(cohortOfCustomer, "cohortOfCustomer");
      this.numCohorts = numCohorts;
      return this;
    }

    /**
     * With {@link #cohorts}: the share of the budget spent on the cohort counts, in {@code (0,
     * 1)}; the item counts and the ranking share the rest 2 : 1. Default: the weights of the class
     * documentation (counts 2, ranking 1, cohorts 2). A caller that needs the cohort counts more
     * than the global ones (e.g. a global popularity derived from the cohorts' sum) gives them
     * most of the budget.
     *
     * @throws IllegalArgumentException unless in {@code (0, 1)}
     */
    public Builder cohortShare(double share) {
      this.cohortShare = CorePreconditions.checkInOpenRange("cohort-share", share, 0, 1);
      return this;
    }

    /**
     * Draws bounding and noise from {@link RandomSources#insecureReproducibleForTesting(long)} with
     * {@code seed}, a fresh stream per fit. <b>Voids the privacy guarantee</b>. Tests only.
     */
    public Builder insecureReproducibleForTesting(long seed) {
      return insecureSource(seed);
    }

    /** Replaces the count noise (tests only: e.g. a zero-noise double); its norm picks the sensitivity. */
    Builder noiseForTesting(Function<RandomSource, Noise> factory) {
      this.noiseForTesting = requireNonNull(factory, "factory");
      return this;
    }

    /** Builds the algorithm. */
    public DpPopularity build() {
      return new DpPopularity(privacy(), noise, numCohorts, cohortOfCustomer, cohortShare, topK, noiseForTesting);
    }
  }
}
